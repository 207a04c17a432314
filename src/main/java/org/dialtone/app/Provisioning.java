package org.dialtone.app;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.dialtone.core.trunk.StoredTrunk;
import org.dialtone.core.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the customers declared in the configuration into the database at start-up. When nothing is declared and the
 * database is empty, creates a demo customer with random credentials and prints them once: only their hashes are
 * stored, so that banner is the only place they ever appear. Trunks, DIDs and ring groups are then replaced by the
 * declared ones (the configuration is the truth: what it no longer declares is removed); trunk passwords are not
 * stored.
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
    private final String realm;
    private final SecureRandom random = new SecureRandom();

    public Provisioning(CustomerRepository repo, RoutingRepository routing, String realm) {
        this.repo = repo;
        this.routing = routing;
        this.realm = realm;
    }

    /**
     * Upserts the declared customers, or creates the demo customer on a first start with nothing declared; then
     * replaces the stored trunks, DIDs and ring groups with the declared ones.
     */
    public void apply(DialtoneConfig cfg, PrintStream out) {
        if (!cfg.customers().isEmpty()) {
            cfg.customers().forEach(this::upsertDeclared);
            log.info("Provisioned {} customer(s) from the configuration", cfg.customers().size());
        } else if (repo.customers().isEmpty()) {
            createDemo(out);
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
    }

    private void upsertDeclared(CustomerConfig declared) {
        repo.upsertCustomer(new Customer(declared.code(), declared.name()));
        for (ExtensionConfig ext : declared.extensions()) {
            String name = ext.name() == null || ext.name().isBlank() ? defaultDisplayName(ext.number()) : ext.name();
            repo.upsertExtension(new Extension(declared.code(), ext.number(), name, ext.sipUsername(),
                    DigestCredentials.derive(ext.sipUsername(), realm, ext.password().reveal())));
        }
        for (ApiTokenConfig token : declared.apiTokens()) {
            String hash = token.token() != null
                    ? ApiToken.hash(token.token().reveal())
                    : token.tokenSha256().toLowerCase(Locale.ROOT);
            repo.upsertToken(new ApiToken(declared.code(), hash, token.label() == null ? "" : token.label()));
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
