package org.dialtone.app;

import java.io.PrintStream;
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
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.customer.ManagedBy;
import org.dialtone.core.customer.ManagedCustomerRepository;
import org.dialtone.core.dialplan.ManagedRoutingRepository;
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
 * <p>
 * Only what the configuration owns ({@link ManagedBy#CONFIG}) is removed or changed; what the management API created
 * ({@link ManagedBy#API}) is left alone. When the configuration declares something the API created (the same customer
 * code, extension number, SIP user name, token, DID or ring group), the configuration takes it over, with a WARN.
 */
public final class Provisioning {
    private static final Logger log = LoggerFactory.getLogger(Provisioning.class);

    public static final String DEMO_CUSTOMER_CODE = "1000001";
    public static final String DEMO_CUSTOMER_NAME = "Demo";
    public static final List<String> DEMO_EXTENSIONS = List.of("200", "201", "202", "226");
    static final String PASSWORD_ALPHABET = GeneratedSecrets.PASSWORD_ALPHABET;
    static final int PASSWORD_LENGTH = GeneratedSecrets.PASSWORD_LENGTH;

    private final ManagedCustomerRepository repo;
    private final ManagedRoutingRepository routing;
    private final RegistrationRepository registrations;
    private final String realm;

    public Provisioning(ManagedCustomerRepository repo, ManagedRoutingRepository routing, RegistrationRepository registrations,
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
            Map<String, ManagedBy> owners = repo.customerOwners();
            List<String> configured = owners.entrySet().stream()
                    .filter(e -> e.getValue() == ManagedBy.CONFIG && !e.getKey().equals(DEMO_CUSTOMER_CODE))
                    .map(Map.Entry::getKey).toList();
            if (!configured.isEmpty()) {
                // a start without the configuration file (DIALTONE_CONFIG forgotten) must not wipe every tenant:
                // an empty customer list keeps what is stored; removing customers takes a list that omits them
                log.warn("The configuration declares no customers; keeping the {} customer(s) in the database "
                        + "(declare at least one customer to remove the others)", configured.size());
            } else if (owners.isEmpty()) {
                createDemo(out);
            }
        } else {
            removeCustomersExcept(declared.stream().map(CustomerConfig::code).collect(Collectors.toSet()));
            takeOverSipUsernames(declared);
            // every removal before any upsert: a SIP user name or token may move from one customer to another
            declared.forEach(this::removeUndeclaredParts);
            declared.forEach(this::upsertDeclared);
            log.info("Provisioned {} customer(s) from the configuration", declared.size());
        }
        List<Trunk> trunks = RoutingConfig.trunks(cfg);
        var dids = RoutingConfig.dids(cfg);
        var ringGroups = RoutingConfig.ringGroups(cfg);
        warnOfRoutingTakenOver(dids, ringGroups);
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

    /** Removes every active customer the configuration owns whose code is not in {@code kept}. */
    private void removeCustomersExcept(Set<String> kept) {
        Map<String, ManagedBy> owners = repo.customerOwners();
        for (Customer stored : repo.customers()) {
            if (owners.get(stored.code()) == ManagedBy.API) {
                if (kept.contains(stored.code())) {
                    log.warn("Customer {} \"{}\" was created through the management API and is now declared in the "
                            + "configuration: the configuration takes it over", stored.code(), stored.name());
                }
                continue;
            }
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
        Map<String, ManagedBy> extensionOwners = repo.extensionOwners(declared.code());
        for (Extension stored : repo.extensions(declared.code())) {
            if (extensionOwners.get(stored.number()) == ManagedBy.API) {
                if (users.containsKey(stored.number())) {
                    log.warn("Extension {} of customer {} was created through the management API and is now declared "
                            + "in the configuration: the configuration takes it over", stored.number(), declared.code());
                } else {
                    continue;
                }
            }
            if (stored.sipUsername().equals(users.get(stored.number()))) continue;
            repo.deleteExtension(declared.code(), stored.number());
            log.info("Removed extension {} (SIP user {}) of customer {}: no longer in the configuration",
                    stored.number(), stored.sipUsername(), declared.code());
        }
        Set<String> hashes = declared.apiTokens().stream().map(Provisioning::hashOf).collect(Collectors.toSet());
        Map<String, ManagedBy> tokenOwners = repo.tokenOwners(declared.code());
        for (ApiToken stored : repo.tokens(declared.code())) {
            if (tokenOwners.get(stored.tokenSha256()) == ManagedBy.API) {
                if (hashes.contains(stored.tokenSha256())) {
                    log.warn("API token \"{}\" of customer {} was created through the management API and is now "
                            + "declared in the configuration: the configuration takes it over", stored.label(),
                            declared.code());
                }
                continue;
            }
            if (hashes.contains(stored.tokenSha256())) continue;
            repo.deleteToken(stored.tokenSha256());
            log.info("Removed API token \"{}\" of customer {}: no longer in the configuration", stored.label(),
                    declared.code());
        }
    }

    /**
     * An extension the API created elsewhere under a SIP user name the configuration now declares is removed (a user
     * name belongs to one extension), so that the declared one can take the name.
     */
    private void takeOverSipUsernames(List<CustomerConfig> declared) {
        for (CustomerConfig customer : declared) {
            for (ExtensionConfig ext : customer.extensions()) {
                repo.findExtensionBySipUsername(ext.sipUsername()).ifPresent(holder -> {
                    if (holder.customerCode().equals(customer.code()) && holder.number().equals(ext.number())) return;
                    if (repo.extensionOwners(holder.customerCode()).get(holder.number()) != ManagedBy.API) return;
                    repo.deleteExtension(holder.customerCode(), holder.number());
                    log.warn("Removed extension {} of customer {}, created through the management API: the "
                            + "configuration declares its SIP user name {} for extension {} of customer {}",
                            holder.number(), holder.customerCode(), ext.sipUsername(), ext.number(), customer.code());
                });
            }
        }
    }

    private void warnOfRoutingTakenOver(List<org.dialtone.core.dialplan.Did> dids,
                                        List<org.dialtone.core.dialplan.RingGroup> ringGroups) {
        Map<String, ManagedBy> didOwners = routing.didOwners();
        for (var did : dids) {
            if (didOwners.get(did.number()) == ManagedBy.API) {
                log.warn("DID {} was created through the management API and is now declared in the configuration: "
                        + "the configuration takes it over", did.number());
            }
        }
        for (var group : ringGroups) {
            if (routing.ringGroupOwners(group.customerCode()).get(group.number()) == ManagedBy.API) {
                log.warn("Ring group {} of customer {} was created through the management API and is now declared in "
                        + "the configuration: the configuration takes it over", group.number(), group.customerCode());
            }
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

    private String randomPassword() { return GeneratedSecrets.password(); }

    private String randomToken() { return GeneratedSecrets.token(); }
}
