package org.dialtone.app;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dialtone.app.config.DialtoneConfig;
import org.dialtone.app.config.DialtoneConfig.ApiTokenConfig;
import org.dialtone.app.config.DialtoneConfig.CustomerConfig;
import org.dialtone.app.config.DialtoneConfig.ExtensionConfig;
import org.dialtone.app.config.RoutingConfig;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.dialplan.RoutingRepository;
import org.dialtone.core.location.RegistrationRepository;
import org.dialtone.core.trunk.StoredTrunk;
import org.dialtone.core.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the database say what the configuration says, at start-up. The configuration is the truth: customers,
 * extensions and API tokens it no longer declares are removed (a customer with call records is kept disabled, so its
 * history keeps its name; its extensions and tokens go), and registrations of SIP accounts that no longer exist are
 * dropped. Trunks, DIDs and ring groups are replaced by the declared ones; trunk passwords are not stored.
 * <p>
 * When no customer is declared, the only customer is the demo customer: created on the first such start with random
 * credentials printed once (only their hashes are stored, so that banner is the only place they ever appear), kept on
 * later starts. Once customers are declared, the demo customer is removed like any other undeclared one.
 */
public final class Provisioning {
    private static final Logger log = LoggerFactory.getLogger(Provisioning.class);

    public static final String DEMO_CUSTOMER_CODE = "1000001";
    public static final String DEMO_CUSTOMER_NAME = "Demo";
    public static final List<String> DEMO_EXTENSIONS = List.of("200", "201", "202", "226");
    /** Letters and digits without look-alikes (0/O, 1/l/I). */
    static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    static final int PASSWORD_LENGTH = 12;
    static final int TOKEN_BYTES = 32;

    private final CustomerRepository repo;
    private final RoutingRepository routing;
    private final RegistrationRepository registrations;
    private final String realm;
    private final SecureRandom random = new SecureRandom();

    public Provisioning(CustomerRepository repo, RoutingRepository routing, RegistrationRepository registrations,
                        String realm) {
        this.repo = repo;
        this.routing = routing;
        this.registrations = registrations;
        this.realm = realm;
    }

    /**
     * Removes what the configuration no longer declares, upserts the declared customers (or keeps or creates the demo
     * customer when none is declared), replaces the stored trunks, DIDs and ring groups with the declared ones, and
     * drops the registrations of accounts that no longer exist.
     */
    public void apply(DialtoneConfig cfg, PrintStream out) {
        List<CustomerConfig> declared = cfg.customers();
        if (declared.isEmpty()) {
            List<Customer> configured = repo.customers().stream()
                    .filter(c -> !c.code().equals(DEMO_CUSTOMER_CODE)).toList();
            if (!configured.isEmpty()) {
                // a start without the configuration file (DIALTONE_CONFIG forgotten) must not wipe every tenant:
                // an empty customer list keeps what is stored; removing customers takes a list that omits them
                log.warn("The configuration declares no customers; keeping the {} customer(s) in the database "
                        + "(declare at least one customer to remove the others)", configured.size());
            } else if (repo.findCustomer(DEMO_CUSTOMER_CODE).isEmpty()) {
                createDemo(out);
            }
        } else {
            removeCustomersExcept(declared.stream().map(CustomerConfig::code).collect(Collectors.toSet()));
            // every removal before any upsert: a SIP user name or token may move from one customer to another
            declared.forEach(this::removeUndeclaredParts);
            declared.forEach(this::upsertDeclared);
            log.info("Provisioned {} customer(s) from the configuration", declared.size());
        }
        List<Trunk> trunks = RoutingConfig.trunks(cfg);
        var dids = RoutingConfig.dids(cfg);
        var ringGroups = RoutingConfig.ringGroups(cfg);
        routing.replaceAll(trunks.stream().map(StoredTrunk::of).toList(), dids, ringGroups);
        for (Trunk t : trunks) {
            if (t.inboundNetworks().isEmpty()) {
                log.warn("Trunk {} accepts no inbound calls: it has no inbound_networks and its host {} is a name, "
                        + "not an IP address", t.name(), t.host());
            }
        }
        if (!trunks.isEmpty() || !dids.isEmpty() || !ringGroups.isEmpty()) {
            log.info("Provisioned {} trunk(s), {} DID(s) and {} ring group(s) from the configuration",
                    trunks.size(), dids.size(), ringGroups.size());
        }
        dropRegistrationsOfRemovedAccounts();
    }

    /** Removes every active customer whose code is not in {@code kept}. */
    private void removeCustomersExcept(Set<String> kept) {
        for (Customer stored : repo.customers()) {
            if (kept.contains(stored.code())) continue;
            switch (repo.removeCustomer(stored.code())) {
                case DELETED -> log.info("Removed customer {} \"{}\": no longer in the configuration", stored.code(),
                        stored.name());
                case DISABLED -> log.info("Disabled customer {} \"{}\": no longer in the configuration; its extensions "
                        + "and API tokens are removed, its call records kept", stored.code(), stored.name());
                case ABSENT -> { }
            }
        }
    }

    /**
     * Removes the stored extensions and tokens of a declared customer that the configuration no longer declares. An
     * extension whose SIP user name changed is removed too (and created again by the upsert), so that user names can
     * be swapped or moved and the old name's registrations go.
     */
    private void removeUndeclaredParts(CustomerConfig declared) {
        Map<String, String> users = new HashMap<>();
        for (ExtensionConfig ext : declared.extensions()) users.put(ext.number(), ext.sipUsername());
        for (Extension stored : repo.extensions(declared.code())) {
            if (stored.sipUsername().equals(users.get(stored.number()))) continue;
            repo.deleteExtension(declared.code(), stored.number());
            log.info("Removed extension {} (SIP user {}) of customer {}: no longer in the configuration",
                    stored.number(), stored.sipUsername(), declared.code());
        }
        Set<String> hashes = declared.apiTokens().stream().map(Provisioning::hashOf).collect(Collectors.toSet());
        for (ApiToken stored : repo.tokens(declared.code())) {
            if (hashes.contains(stored.tokenSha256())) continue;
            repo.deleteToken(stored.tokenSha256());
            log.info("Removed API token \"{}\" of customer {}: no longer in the configuration", stored.label(),
                    declared.code());
        }
    }

    private void dropRegistrationsOfRemovedAccounts() {
        Set<String> accounts = new HashSet<>();
        for (Customer c : repo.customers()) {
            for (Extension e : repo.extensions(c.code())) accounts.add(e.sipUsername());
        }
        int dropped = registrations.deleteAllExcept(accounts);
        if (dropped > 0) log.info("Dropped {} registration(s) of SIP accounts that no longer exist", dropped);
    }

    private static String hashOf(ApiTokenConfig token) {
        return token.token() != null ? ApiToken.hash(token.token().reveal()) : token.tokenSha256().toLowerCase(Locale.ROOT);
    }

    private void upsertDeclared(CustomerConfig declared) {
        repo.upsertCustomer(new Customer(declared.code(), declared.name()));
        for (ExtensionConfig ext : declared.extensions()) {
            String name = ext.name() == null || ext.name().isBlank() ? defaultDisplayName(ext.number()) : ext.name();
            repo.upsertExtension(new Extension(declared.code(), ext.number(), name, ext.sipUsername(),
                    DigestCredentials.derive(ext.sipUsername(), realm, ext.password().reveal())));
        }
        for (ApiTokenConfig token : declared.apiTokens()) {
            repo.upsertToken(new ApiToken(declared.code(), hashOf(token), token.label() == null ? "" : token.label()));
        }
    }

    private void createDemo(PrintStream out) {
        repo.upsertCustomer(new Customer(DEMO_CUSTOMER_CODE, DEMO_CUSTOMER_NAME));
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String number : DEMO_EXTENSIONS) {
            String password = randomPassword();
            repo.upsertExtension(new Extension(DEMO_CUSTOMER_CODE, number, defaultDisplayName(number), number,
                    DigestCredentials.derive(number, realm, password)));
            passwords.put(number, password);
        }
        String token = randomToken();
        repo.upsertToken(new ApiToken(DEMO_CUSTOMER_CODE, ApiToken.hash(token), "demo"));
        log.info("Created demo customer {} with extensions {} (credentials printed once to the console)",
                DEMO_CUSTOMER_CODE, DEMO_EXTENSIONS);
        printBanner(out, passwords, token);
    }

    private void printBanner(PrintStream out, Map<String, String> passwords, String token) {
        String rule = "=".repeat(72);
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        sb.append(" Dialtone created a demo customer ").append(DEMO_CUSTOMER_CODE).append(" \"").append(DEMO_CUSTOMER_NAME)
                .append("\".\n");
        sb.append(" These credentials are shown ONLY NOW; the database keeps only their hashes.\n\n");
        sb.append(" SIP accounts (realm \"").append(realm).append("\"):\n");
        passwords.forEach((number, password) -> sb.append(String.format(Locale.ROOT,
                "   extension %-4s  username %-4s  password %s%n", number, number, password)));
        sb.append("\n API token of customer ").append(DEMO_CUSTOMER_CODE).append(":\n");
        sb.append("   token ").append(token).append('\n');
        sb.append(rule).append('\n');
        out.print(sb);
        out.flush();
    }

    static String defaultDisplayName(String number) { return "Extension " + number; }

    private String randomPassword() {
        StringBuilder sb = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        return sb.toString();
    }

    private String randomToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
