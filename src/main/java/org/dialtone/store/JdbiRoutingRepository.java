package org.dialtone.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dialtone.core.customer.ManagedBy;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.dialplan.ManagedRoutingRepository;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.dialplan.RingGroup;
import org.dialtone.core.dialplan.RoutingRepository;
import org.dialtone.core.trunk.StoredTrunk;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Trunks, DIDs and ring groups in SQL. Durations are stored as whole seconds; a trunk's inbound networks as one
 * space-separated text column. DIDs and ring groups have an owner ({@code managed_by}): {@link #replaceAll} rewrites
 * the configuration's and keeps the management API's (except one the configuration now declares too: taken over).
 */
public final class JdbiRoutingRepository implements ManagedRoutingRepository {
    private static final String TRUNK_COLUMNS = "name, host, port, transport, outbound_proxy, has_credentials, "
            + "username, register_enabled, register_expiry_seconds, inbound_networks, max_channels, number_format, "
            + "options_interval_seconds, country_code";

    private final Jdbi jdbi;

    public JdbiRoutingRepository(Jdbi jdbi) { this.jdbi = jdbi; }

    @Override public void replaceAll(List<StoredTrunk> trunks, List<Did> dids, List<RingGroup> ringGroups) {
        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM ring_group WHERE managed_by = 'config'"); // members cascade
            h.execute("DELETE FROM did WHERE managed_by = 'config'");
            h.execute("DELETE FROM trunk");
            for (StoredTrunk t : trunks) insertTrunk(h, t);
            for (Did d : dids) insertDid(h, d, ManagedBy.CONFIG);
            for (RingGroup g : ringGroups) insertRingGroup(h, g, ManagedBy.CONFIG);
        });
    }

    @Override public void saveDid(Did did, ManagedBy owner) {
        jdbi.useTransaction(h -> insertDid(h, did, owner));
    }

    @Override public void deleteDid(String number) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM did WHERE number = :number").bind("number", number).execute());
    }

    @Override public void saveRingGroup(RingGroup group, ManagedBy owner) {
        jdbi.useTransaction(h -> insertRingGroup(h, group, owner));
    }

    @Override public void deleteRingGroup(String customerCode, String number) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM ring_group WHERE customer_code = :customer AND number = :number")
                .bind("customer", customerCode).bind("number", number).execute());
    }

    @Override public Map<String, ManagedBy> didOwners() {
        return jdbi.withHandle(h -> {
            Map<String, ManagedBy> out = new LinkedHashMap<>();
            h.createQuery("SELECT number, managed_by FROM did ORDER BY number")
                    .map((rs, ctx) -> Map.entry(rs.getString("number"), ManagedBy.fromWire(rs.getString("managed_by"))))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    @Override public Map<String, ManagedBy> ringGroupOwners(String customerCode) {
        return jdbi.withHandle(h -> {
            Map<String, ManagedBy> out = new LinkedHashMap<>();
            h.createQuery("SELECT number, managed_by FROM ring_group WHERE customer_code = :customer ORDER BY number")
                    .bind("customer", customerCode)
                    .map((rs, ctx) -> Map.entry(rs.getString("number"), ManagedBy.fromWire(rs.getString("managed_by"))))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    /** Inserts a DID, taking over one with the same number the API owned (another one is a key violation). */
    private static void insertDid(Handle h, Did d, ManagedBy owner) {
        h.createUpdate("DELETE FROM did WHERE number = :number AND managed_by = 'api'").bind("number", d.number()).execute();
        h.createUpdate("""
                INSERT INTO did (number, customer_code, destination, managed_by)
                VALUES (:number, :customer, :destination, :owner)""")
                .bind("number", d.number())
                .bind("customer", d.customerCode())
                .bind("destination", d.destination())
                .bind("owner", owner.wire())
                .execute();
    }

    private static void insertTrunk(Handle h, StoredTrunk t) {
        h.createUpdate("INSERT INTO trunk (" + TRUNK_COLUMNS + """
                ) VALUES (:name, :host, :port, :transport, :outboundProxy, :hasCredentials, :username, :register,
                          :registerExpiry, :inboundNetworks, :maxChannels, :numberFormat, :optionsInterval, :countryCode)""")
                .bind("name", t.name())
                .bind("host", t.host())
                .bind("port", t.port())
                .bind("transport", t.transport())
                .bind("outboundProxy", t.outboundProxy())
                .bind("hasCredentials", t.hasCredentials())
                .bind("username", t.username())
                .bind("register", t.register())
                .bind("registerExpiry", t.registerExpiry().toSeconds())
                .bind("inboundNetworks", String.join(" ", t.inboundNetworks()))
                .bind("maxChannels", t.maxChannels())
                .bind("numberFormat", t.numberFormat().wire())
                .bind("optionsInterval", t.optionsInterval().toSeconds())
                .bind("countryCode", t.countryCode())
                .execute();
    }

    /** Inserts a ring group and its members, taking over one the API owned (another one is a key violation). */
    private static void insertRingGroup(Handle h, RingGroup g, ManagedBy owner) {
        h.createUpdate("DELETE FROM ring_group WHERE customer_code = :customer AND number = :number AND managed_by = 'api'")
                .bind("customer", g.customerCode()).bind("number", g.number()).execute();
        var update = h.createUpdate("""
                INSERT INTO ring_group (customer_code, number, name, ring_timeout_seconds, managed_by)
                VALUES (:customer, :number, :name, :timeout, :owner)""")
                .bind("owner", owner.wire())
                .bind("customer", g.customerCode())
                .bind("number", g.number())
                .bind("name", g.name());
        if (g.ringTimeout() == null) update.bindNull("timeout", Types.INTEGER);
        else update.bind("timeout", g.ringTimeout().toSeconds());
        update.execute();
        for (int i = 0; i < g.members().size(); i++) {
            h.createUpdate("""
                    INSERT INTO ring_group_member (customer_code, group_number, ordinal, extension_number)
                    VALUES (:customer, :group, :ordinal, :extension)""")
                    .bind("customer", g.customerCode())
                    .bind("group", g.number())
                    .bind("ordinal", i)
                    .bind("extension", g.members().get(i))
                    .execute();
        }
    }

    @Override public List<StoredTrunk> trunks() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + TRUNK_COLUMNS + " FROM trunk ORDER BY name")
                .map(JdbiRoutingRepository::trunk)
                .list());
    }

    @Override public List<Did> dids() {
        return jdbi.withHandle(h -> h.createQuery("SELECT number, customer_code, destination FROM did ORDER BY number")
                .map((rs, ctx) -> new Did(rs.getString("number"), rs.getString("customer_code"), rs.getString("destination")))
                .list());
    }

    @Override public List<RingGroup> ringGroups() {
        return jdbi.withHandle(h -> {
            Map<List<String>, List<String>> members = new LinkedHashMap<>();
            h.createQuery("""
                            SELECT customer_code, group_number, extension_number FROM ring_group_member
                            ORDER BY customer_code, group_number, ordinal""")
                    .map((rs, ctx) -> new String[] {rs.getString("customer_code"), rs.getString("group_number"),
                            rs.getString("extension_number")})
                    .forEach(row -> members.computeIfAbsent(List.of(row[0], row[1]), k -> new ArrayList<>()).add(row[2]));
            return h.createQuery("""
                            SELECT customer_code, number, name, ring_timeout_seconds FROM ring_group
                            ORDER BY customer_code, number""")
                    .map((rs, ctx) -> {
                        long timeout = rs.getLong("ring_timeout_seconds");
                        Duration ringTimeout = rs.wasNull() ? null : Duration.ofSeconds(timeout);
                        String customer = rs.getString("customer_code");
                        String number = rs.getString("number");
                        return new RingGroup(customer, number, rs.getString("name"),
                                members.getOrDefault(List.of(customer, number), List.of()), ringTimeout);
                    })
                    .list();
        });
    }

    private static StoredTrunk trunk(ResultSet rs, StatementContext ctx) throws SQLException {
        String name = rs.getString("name");
        String networks = rs.getString("inbound_networks");
        NumberFormat format = NumberFormat.fromWire(rs.getString("number_format"))
                .orElseThrow(() -> new IllegalStateException("unknown number_format stored for trunk " + name));
        return new StoredTrunk(name, rs.getString("host"), rs.getInt("port"), rs.getString("transport"),
                rs.getString("outbound_proxy"), rs.getBoolean("has_credentials"), rs.getString("username"),
                rs.getBoolean("register_enabled"), Duration.ofSeconds(rs.getLong("register_expiry_seconds")),
                networks.isEmpty() ? List.of() : Arrays.asList(networks.split(" ")), rs.getInt("max_channels"), format,
                Duration.ofSeconds(rs.getLong("options_interval_seconds")), rs.getString("country_code"));
    }
}
