package org.dialtone.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.customer.ManagedBy;
import org.dialtone.core.customer.ManagedCustomerRepository;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Customers, extensions and API tokens in SQL. Upserts use {@code INSERT ... ON CONFLICT DO UPDATE}. Deleting a
 * customer, extension or token cascades to what references it (tokens, extensions, DIDs, ring groups and members).
 * Every row has an owner ({@code managed_by}): the {@link CustomerRepository} upserts write {@code config}, the
 * {@code save} methods the owner given.
 */
public final class JdbiCustomerRepository implements ManagedCustomerRepository {
    private static final String EXTENSION_COLUMNS =
            "customer_code, number, display_name, sip_username, realm, ha1_md5, ha1_sha256";

    private final Jdbi jdbi;

    public JdbiCustomerRepository(Jdbi jdbi) { this.jdbi = jdbi; }

    @Override public void upsertCustomer(Customer customer) { saveCustomer(customer, ManagedBy.CONFIG); }

    @Override public void saveCustomer(Customer customer, ManagedBy owner) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO customer (code, name, disabled, managed_by) VALUES (:code, :name, :disabled, :owner)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, disabled = excluded.disabled,
                    managed_by = excluded.managed_by""")
                .bind("code", customer.code())
                .bind("name", customer.name())
                .bind("disabled", false)
                .bind("owner", owner.wire())
                .execute());
    }

    @Override public Map<String, ManagedBy> customerOwners() {
        return owners("SELECT code AS k, managed_by FROM customer WHERE NOT disabled ORDER BY code", null);
    }

    @Override public Map<String, ManagedBy> extensionOwners(String customerCode) {
        return owners("SELECT number AS k, managed_by FROM extension WHERE customer_code = :code ORDER BY number",
                customerCode);
    }

    @Override public Map<String, ManagedBy> tokenOwners(String customerCode) {
        return owners("SELECT token_sha256 AS k, managed_by FROM api_token WHERE customer_code = :code "
                + "ORDER BY token_sha256", customerCode);
    }

    private Map<String, ManagedBy> owners(String sql, String customerCode) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery(sql);
            if (customerCode != null) query.bind("code", customerCode);
            Map<String, ManagedBy> out = new LinkedHashMap<>();
            query.map((rs, ctx) -> Map.entry(rs.getString("k"), ManagedBy.fromWire(rs.getString("managed_by"))))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    @Override public Optional<Customer> findCustomer(String code) {
        return jdbi.withHandle(h -> h.createQuery("SELECT code, name FROM customer WHERE code = :code AND NOT disabled")
                .bind("code", code)
                .map(JdbiCustomerRepository::customer)
                .findOne());
    }

    @Override public List<Customer> customers() {
        return jdbi.withHandle(h -> h.createQuery("SELECT code, name FROM customer WHERE NOT disabled ORDER BY code")
                .map(JdbiCustomerRepository::customer)
                .list());
    }

    @Override public List<String> disabledCustomers() {
        return jdbi.withHandle(h -> h.createQuery("SELECT code FROM customer WHERE disabled ORDER BY code")
                .mapTo(String.class)
                .list());
    }

    /** In one transaction: with call records the customer is emptied and disabled, without it is deleted (cascading). */
    @Override public Removal removeCustomer(String code) {
        return jdbi.inTransaction(h -> {
            boolean active = h.createQuery("SELECT COUNT(*) FROM customer WHERE code = :code AND NOT disabled")
                    .bind("code", code).mapTo(Integer.class).one() > 0;
            if (!active) return Removal.ABSENT;
            boolean hasHistory = h.createQuery("SELECT COUNT(*) FROM call_record WHERE customer_code = :code")
                    .bind("code", code).mapTo(Long.class).one() > 0;
            if (!hasHistory) {
                h.createUpdate("DELETE FROM customer WHERE code = :code").bind("code", code).execute();
                return Removal.DELETED;
            }
            for (String table : List.of("api_token", "did", "ring_group", "extension")) {
                h.createUpdate("DELETE FROM " + table + " WHERE customer_code = :code").bind("code", code).execute();
            }
            h.createUpdate("UPDATE customer SET disabled = :disabled WHERE code = :code")
                    .bind("disabled", true).bind("code", code).execute();
            return Removal.DISABLED;
        });
    }

    /**
     * Inserts or replaces the extension {@code (customerCode, number)}. Fails if its SIP username already belongs to
     * another extension, or its customer does not exist.
     */
    @Override public void upsertExtension(Extension extension) { saveExtension(extension, ManagedBy.CONFIG); }

    @Override public void saveExtension(Extension extension, ManagedBy owner) {
        DigestCredentials credentials = extension.credentials();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO extension (" + EXTENSION_COLUMNS + """
                , managed_by) VALUES (:customerCode, :number, :displayName, :sipUsername, :realm, :ha1Md5, :ha1Sha256, :owner)
                ON CONFLICT (customer_code, number) DO UPDATE SET
                    managed_by = excluded.managed_by,
                    display_name = excluded.display_name,
                    sip_username = excluded.sip_username,
                    realm = excluded.realm,
                    ha1_md5 = excluded.ha1_md5,
                    ha1_sha256 = excluded.ha1_sha256""")
                .bind("customerCode", extension.customerCode())
                .bind("number", extension.number())
                .bind("displayName", extension.displayName())
                .bind("sipUsername", extension.sipUsername())
                .bind("realm", credentials.realm())
                .bind("ha1Md5", credentials.ha1Md5())
                .bind("ha1Sha256", credentials.ha1Sha256())
                .bind("owner", owner.wire())
                .execute());
    }

    @Override public Optional<Extension> findExtension(String customerCode, String number) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + EXTENSION_COLUMNS
                        + " FROM extension WHERE customer_code = :customerCode AND number = :number")
                .bind("customerCode", customerCode)
                .bind("number", number)
                .map(JdbiCustomerRepository::extension)
                .findOne());
    }

    @Override public Optional<Extension> findExtensionBySipUsername(String sipUsername) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + EXTENSION_COLUMNS
                        + " FROM extension WHERE sip_username = :sipUsername")
                .bind("sipUsername", sipUsername)
                .map(JdbiCustomerRepository::extension)
                .findOne());
    }

    /** Extensions of one customer, ordered by number (as text). */
    @Override public List<Extension> extensions(String customerCode) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + EXTENSION_COLUMNS
                        + " FROM extension WHERE customer_code = :customerCode ORDER BY number")
                .bind("customerCode", customerCode)
                .map(JdbiCustomerRepository::extension)
                .list());
    }

    @Override public void deleteExtension(String customerCode, String number) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM extension WHERE customer_code = :customerCode AND number = :number")
                .bind("customerCode", customerCode)
                .bind("number", number)
                .execute());
    }

    @Override public void upsertToken(ApiToken token) { saveToken(token, ManagedBy.CONFIG); }

    @Override public void saveToken(ApiToken token, ManagedBy owner) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO api_token (token_sha256, customer_code, label, managed_by)
                VALUES (:hash, :customerCode, :label, :owner)
                ON CONFLICT (token_sha256) DO UPDATE SET
                    customer_code = excluded.customer_code,
                    label = excluded.label,
                    managed_by = excluded.managed_by""")
                .bind("owner", owner.wire())
                .bind("hash", token.tokenSha256())
                .bind("customerCode", token.customerCode())
                .bind("label", token.label() == null ? "" : token.label())
                .execute());
    }

    @Override public Optional<ApiToken> findTokenByHash(String tokenSha256) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT t.token_sha256, t.customer_code, t.label FROM api_token t
                        JOIN customer c ON c.code = t.customer_code
                        WHERE t.token_sha256 = :hash AND NOT c.disabled""")
                .bind("hash", tokenSha256)
                .map(JdbiCustomerRepository::token)
                .findOne());
    }

    @Override public List<ApiToken> tokens(String customerCode) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT token_sha256, customer_code, label FROM api_token WHERE customer_code = :code ORDER BY token_sha256")
                .bind("code", customerCode)
                .map(JdbiCustomerRepository::token)
                .list());
    }

    @Override public void deleteToken(String tokenSha256) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM api_token WHERE token_sha256 = :hash")
                .bind("hash", tokenSha256)
                .execute());
    }

    private static ApiToken token(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiToken(rs.getString("customer_code"), rs.getString("token_sha256"), rs.getString("label"));
    }

    private static Customer customer(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Customer(rs.getString("code"), rs.getString("name"));
    }

    private static Extension extension(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Extension(rs.getString("customer_code"), rs.getString("number"), rs.getString("display_name"),
                rs.getString("sip_username"),
                new DigestCredentials(rs.getString("realm"), rs.getString("ha1_md5"), rs.getString("ha1_sha256")));
    }
}
