package org.dialtone.app.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dialtone.app.Provisioning;
import org.dialtone.app.config.ConfigLoader;
import org.dialtone.app.config.DialtoneConfig;
import org.dialtone.core.admin.AdminException;
import org.dialtone.core.admin.AdminException.Reason;
import org.dialtone.core.admin.AuditEntry;
import org.dialtone.core.admin.RingGroupChange;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.core.customer.ManagedBy;
import org.dialtone.store.Database;
import org.dialtone.store.JdbiAuditLog;
import org.dialtone.store.JdbiCustomerRepository;
import org.dialtone.store.JdbiRegistrationRepository;
import org.dialtone.store.JdbiRoutingRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management API's rules against SQLite: the configuration's validation, the ownership rule (409 for what the YAML
 * declares; the start-up sync leaves what the API created), the effects on the running switch, and the audit log.
 */
class ManagementTest {
    private static final String ADMIN = "ops";
    private static final String YAML = """
            parking: {first_spot: 701, last_spot: 710}
            customers:
              - code: "1000001"
                name: Config One
                country_code: "49"
                extensions:
                  - {number: "200", name: Alice, sip_username: "200", password: config-pw-200}
                api_tokens:
                  - {token: config-token-0123456789, label: crm}
                dids:
                  - {number: "+4930111111", destination: "200"}
              - code: "2000002"
                name: Config Two
                extensions:
                  - {number: "200", name: Other, sip_username: c2-200, password: config-pw-c2}
                ring_groups:
                  - {number: "650", name: Support, members: ["200"]}
            """;

    @TempDir Path tmp;
    private Database db;
    private JdbiCustomerRepository customers;
    private JdbiRoutingRepository routing;
    private JdbiAuditLog audit;
    private DialtoneConfig cfg;
    private Management admin;
    private final List<String> effects = new ArrayList<>();

    @BeforeEach void open() throws IOException {
        db = Database.open(Database.sqliteUrl(tmp), null, null);
        customers = new JdbiCustomerRepository(db.jdbi());
        routing = new JdbiRoutingRepository(db.jdbi());
        audit = new JdbiAuditLog(db.jdbi(), Clock.systemUTC());
        cfg = ConfigLoader.load(Files.writeString(tmp.resolve("dialtone.yaml"), YAML), Map.of());
        provision(cfg);
        Effects recorded = new Effects(() -> effects.add("reload directory"), () -> effects.add("reload routing"),
                hash -> effects.add("revoke token " + hash), code -> effects.add("revoke customer " + code),
                user -> effects.add("drop registrations " + user));
        var routes = new RoutingManagement(routing, audit, recorded, n -> n.matches("70[1-9]|710"),
                code -> code.equals("1000001") ? "49" : null);
        admin = new Management(customers, routes, audit, recorded, "test.realm");
    }

    @AfterEach void close() { db.close(); }

    @Test void anExtensionCreatedThroughTheApiIsOwnedByItAndUsableAtOnce() {
        var created = admin.createExtension(ADMIN, "1000001", "240", "Dana", null, null);

        assertThat(created.owned().managedBy()).isEqualTo(ManagedBy.API);
        assertThat(created.owned().item().sipUsername()).isEqualTo("1000001-240");
        assertThat(created.secret()).hasSize(12);
        assertThat(customers.findExtensionBySipUsername("1000001-240").orElseThrow().credentials())
                .isEqualTo(DigestCredentials.derive("1000001-240", "test.realm", created.secret()));
        assertThat(effects).containsExactly("reload directory");
        assertThat(admin.extensions("1000001")).extracting(e -> e.item().number() + ":" + e.managedBy().wire())
                .containsExactly("200:config", "240:api");
    }

    @Test void aPasswordResetChangesTheHashesAndDropsTheRegistrations() {
        admin.createExtension(ADMIN, "1000001", "240", "Dana", "dana", "first-password");
        effects.clear();

        var reset = admin.resetPassword(ADMIN, "1000001", "240", null);

        assertThat(customers.findExtension("1000001", "240").orElseThrow().credentials())
                .isEqualTo(DigestCredentials.derive("dana", "test.realm", reset.secret()));
        assertThat(effects).containsExactly("reload directory", "drop registrations dana");
    }

    @Test void theConfigurationsRulesApply() {
        assertRefused(() -> admin.createExtension(ADMIN, "1000001", "24a", null, null, null), Reason.INVALID_FIELD, "number");
        assertRefused(() -> admin.createExtension(ADMIN, "1000001", "241", null, null, "short"), Reason.INVALID_FIELD,
                "password");
        assertRefused(() -> admin.createExtension(ADMIN, "1000001", "241", null, "bad user", null), Reason.INVALID_FIELD,
                "sip_username");
        assertRefused(() -> admin.createExtension(ADMIN, "1000001", "241", null, "c2-200", null), Reason.ALREADY_EXISTS,
                "sip_username");
        assertRefused(() -> admin.createExtension(ADMIN, "1000001", "200", null, null, null), Reason.ALREADY_EXISTS, "number");
        assertRefused(() -> admin.createExtension(ADMIN, "1000001", null, null, null, null), Reason.MISSING_FIELD, "number");
        assertRefused(() -> admin.createCustomer(ADMIN, "123", "Short"), Reason.INVALID_FIELD, "code");
        assertRefused(() -> admin.createCustomer(ADMIN, "3000003", " "), Reason.INVALID_FIELD, "name");
        assertRefused(() -> admin.createCustomer(ADMIN, "2000002", "Again"), Reason.ALREADY_EXISTS, "code");
        assertRefused(() -> admin.createRingGroup(ADMIN, "1000001", "600", "Sales", List.of("200", "299"), null),
                Reason.INVALID_FIELD, "members");
        assertRefused(() -> admin.createRingGroup(ADMIN, "1000001", "200", "Sales", List.of("200"), null),
                Reason.INVALID_FIELD, "number");
        assertRefused(() -> admin.createRingGroup(ADMIN, "1000001", "705", "Sales", List.of("200"), null),
                Reason.INVALID_FIELD, "number");
        assertRefused(() -> admin.createRingGroup(ADMIN, "1000001", "600", "Sales", List.of("200"), 0),
                Reason.INVALID_FIELD, "ring_timeout_seconds");
        assertRefused(() -> admin.createDid(ADMIN, "2000002", "030222222", "200"), Reason.INVALID_FIELD, "number");
        assertRefused(() -> admin.createDid(ADMIN, "1000001", "+4930333333", "299"), Reason.INVALID_FIELD, "destination");
        assertRefused(() -> admin.createDid(ADMIN, "2000002", "+4930111111", "200"), Reason.ALREADY_EXISTS, "number");
        assertThat(effects).isEmpty();
        assertThat(audit.page(10, null)).isEmpty();
    }

    @Test void aNationalDidOfACustomerWithACountryCodeIsStoredInE164AndReachesARingGroup() {
        admin.createRingGroup(ADMIN, "1000001", "600", "Sales", List.of("200"), 15);
        var did = admin.createDid(ADMIN, "1000001", "030222222", "600");

        assertThat(did.item().number()).isEqualTo("+4930222222");
        assertThat(admin.dids("1000001")).extracting(d -> d.item().number() + ":" + d.managedBy().wire())
                .containsExactly("+4930111111:config", "+4930222222:api");
        assertRefused(() -> admin.deleteRingGroup(ADMIN, "1000001", "600"), Reason.IN_USE, null);
        admin.updateRingGroup(ADMIN, "1000001", "600", new RingGroupChange("Sales team", null, false, null));
        assertThat(admin.dids("1000001")).extracting(d -> d.item().number() + ">" + d.item().destination())
                .as("an edited ring group keeps the DIDs that lead to it").contains("+4930222222>600");
        admin.deleteDid(ADMIN, "1000001", "030222222");
        admin.deleteRingGroup(ADMIN, "1000001", "600");
        assertThat(admin.ringGroups("1000001")).isEmpty();
    }

    @Test void whatTheConfigurationDeclaresCannotBeChangedThroughTheApi() {
        String config = ApiToken.hash("config-token-0123456789");
        assertRefused(() -> admin.renameCustomer(ADMIN, "1000001", "New"), Reason.MANAGED_BY_CONFIG, null);
        assertRefused(() -> admin.deleteCustomer(ADMIN, "1000001"), Reason.MANAGED_BY_CONFIG, null);
        assertRefused(() -> admin.renameExtension(ADMIN, "1000001", "200", "New"), Reason.MANAGED_BY_CONFIG, null);
        assertRefused(() -> admin.resetPassword(ADMIN, "1000001", "200", null), Reason.MANAGED_BY_CONFIG, null);
        assertRefused(() -> admin.deleteExtension(ADMIN, "1000001", "200"), Reason.MANAGED_BY_CONFIG, null);
        assertRefused(() -> admin.revokeToken(ADMIN, "1000001", config.substring(0, 16)), Reason.MANAGED_BY_CONFIG, null);
        assertRefused(() -> admin.deleteDid(ADMIN, "1000001", "+4930111111"), Reason.MANAGED_BY_CONFIG, null);
        assertThatThrownBy(() -> admin.deleteExtension(ADMIN, "1000001", "200")).hasMessageContaining("YAML");
        assertThat(customers.findTokenByHash(config)).isPresent();
        assertThat(effects).isEmpty();
    }

    @Test void anotherCustomersItemIsNotFound() {
        admin.createExtension(ADMIN, "1000001", "240", null, null, null);
        var token = admin.createToken(ADMIN, "1000001", "crm");
        assertRefused(() -> admin.extension("2000002", "240"), Reason.NOT_FOUND, null);
        assertRefused(() -> admin.deleteExtension(ADMIN, "2000002", "240"), Reason.NOT_FOUND, null);
        assertRefused(() -> admin.revokeToken(ADMIN, "2000002", token.owned().item().id()), Reason.NOT_FOUND, null);
        assertRefused(() -> admin.extensions("9999999"), Reason.NOT_FOUND, null);
    }

    @Test void revokingATokenDeletesItAndClosesItsStreams() {
        var token = admin.createToken(ADMIN, "1000001", "crm");
        String hash = ApiToken.hash(token.secret());
        assertThat(customers.findTokenByHash(hash)).isPresent();
        assertThat(admin.tokens("1000001")).extracting(t -> t.item().label() + ":" + t.managedBy().wire())
                .containsExactlyInAnyOrder("crm:config", "crm:api");

        admin.revokeToken(ADMIN, "1000001", token.owned().item().id());

        assertThat(customers.findTokenByHash(hash)).isEmpty();
        assertThat(effects).containsExactly("revoke token " + hash);
    }

    @Test void theStartUpSyncLeavesWhatTheApiCreatedAndTakesOverWhatTheYamlNowDeclares() throws IOException {
        admin.createCustomer(ADMIN, "3000003", "Api Three");
        admin.createExtension(ADMIN, "3000003", "200", "Api", "api-200", "api-password");
        var token = admin.createToken(ADMIN, "1000001", "api token");
        admin.createExtension(ADMIN, "1000001", "240", "Dana", "dana", "dana-password");
        admin.createExtension(ADMIN, "1000001", "250", "Eve", "eve", "eve-password");
        admin.createRingGroup(ADMIN, "1000001", "600", "Sales", List.of("200", "240"), null);
        admin.createDid(ADMIN, "2000002", "+4930999999", "200");

        // the same YAML again, plus extension 250 declared: the configuration takes it over
        provision(ConfigLoader.load(Files.writeString(tmp.resolve("again.yaml"), YAML.replace(
                "password: config-pw-200}", "password: config-pw-200}\n      - {number: \"250\", sip_username: eve, password: yaml-password}")),
                Map.of()));

        assertThat(customers.customerOwners()).containsEntry("3000003", ManagedBy.API);
        assertThat(customers.extensionOwners("3000003")).containsEntry("200", ManagedBy.API);
        assertThat(customers.extensionOwners("1000001")).containsEntry("240", ManagedBy.API)
                .containsEntry("250", ManagedBy.CONFIG);
        assertThat(customers.findTokenByHash(ApiToken.hash(token.secret()))).isPresent();
        assertThat(routing.ringGroupOwners("1000001")).containsEntry("600", ManagedBy.API);
        assertThat(routing.didOwners()).containsEntry("+4930999999", ManagedBy.API).containsEntry("+4930111111", ManagedBy.CONFIG);
        assertRefused(() -> admin.deleteExtension(ADMIN, "1000001", "250"), Reason.MANAGED_BY_CONFIG, null);
    }

    @Test void everyChangeIsAuditedNewestFirstWithoutASecret() {
        var ext = admin.createExtension(ADMIN, "1000001", "240", "Dana", null, null);
        var reset = admin.resetPassword("other-admin", "1000001", "240", "given-password-1");
        var token = admin.createToken(ADMIN, "1000001", "crm");
        admin.revokeToken(ADMIN, "1000001", token.owned().item().id());
        admin.deleteExtension(ADMIN, "1000001", "240");

        List<AuditEntry> page = audit.page(3, null);
        assertThat(page).extracting(AuditEntry::action).containsExactly("extension.delete", "token.revoke", "token.create");
        List<AuditEntry> rest = audit.page(10, page.getLast().id());
        assertThat(rest).extracting(e -> e.actor() + " " + e.action() + " " + e.object()).containsExactly(
                "other-admin extension.reset_password customer/1000001/extension/240",
                "ops extension.create customer/1000001/extension/240");
        for (AuditEntry e : audit.page(100, null)) {
            assertThat(e.toString()).doesNotContain(ext.secret(), "given-password-1", token.secret(),
                    ApiToken.hash(token.secret()));
        }
        assertThat(reset.secret()).isNull();
    }

    @Test void aRingGroupIsEditedAtOnceWithTheConfigurationsRulesAndAudited() {
        admin.createExtension(ADMIN, "1000001", "240", "Dana", null, null);
        admin.createRingGroup(ADMIN, "1000001", "600", "Sales", List.of("200"), 15);
        effects.clear();

        var edited = admin.updateRingGroup(ADMIN, "1000001", "600",
                new RingGroupChange(" Sales team ", List.of("240", "200"), false, null));

        assertThat(edited.item().name()).isEqualTo("Sales team");
        assertThat(edited.item().members()).containsExactly("240", "200");
        assertThat(edited.item().ringTimeout()).hasSeconds(15);
        assertThat(edited.managedBy()).isEqualTo(ManagedBy.API);
        assertThat(admin.ringGroups("1000001")).extracting(g -> g.item().name() + ":" + g.item().members())
                .containsExactly("Sales team:[240, 200]");
        assertThat(effects).containsExactly("reload routing");
        assertThat(audit.page(1, null)).extracting(e -> e.actor() + " " + e.action() + " " + e.object() + " " + e.detail())
                .containsExactly("ops ring_group.update customer/1000001/ring_group/600 name=Sales team, members=240 200");

        var timeoutOnly = admin.updateRingGroup(ADMIN, "1000001", "600", new RingGroupChange(null, null, true, null));
        assertThat(timeoutOnly.item().ringTimeout()).isNull();
        assertThat(timeoutOnly.item().members()).containsExactly("240", "200");
        assertThat(audit.page(1, null).getFirst().detail()).isEqualTo("ring_timeout_seconds=default");
    }

    @Test void aRingGroupEditIsRefusedLikeACreateAndNeverForTheYamlsGroups() {
        admin.createRingGroup(ADMIN, "1000001", "600", "Sales", List.of("200"), null);
        effects.clear();
        assertRefused(() -> admin.updateRingGroup(ADMIN, "1000001", "600", new RingGroupChange(null, null, false, null)),
                Reason.MISSING_FIELD, null);
        assertRefused(() -> admin.updateRingGroup(ADMIN, "1000001", "600", new RingGroupChange(" ", null, false, null)),
                Reason.INVALID_FIELD, "name");
        assertRefused(() -> admin.updateRingGroup(ADMIN, "1000001", "600", new RingGroupChange(null, List.of(), false, null)),
                Reason.INVALID_FIELD, "members");
        assertRefused(() -> admin.updateRingGroup(ADMIN, "1000001", "600",
                new RingGroupChange(null, List.of("200", "299"), false, null)), Reason.INVALID_FIELD, "members");
        assertRefused(() -> admin.updateRingGroup(ADMIN, "1000001", "600",
                new RingGroupChange(null, List.of("200", "200"), false, null)), Reason.INVALID_FIELD, "members");
        assertRefused(() -> admin.updateRingGroup(ADMIN, "1000001", "600", new RingGroupChange(null, null, true, 0)),
                Reason.INVALID_FIELD, "ring_timeout_seconds");
        assertRefused(() -> admin.updateRingGroup(ADMIN, "2000002", "600", new RingGroupChange("X", null, false, null)),
                Reason.NOT_FOUND, null);
        assertRefused(() -> admin.updateRingGroup(ADMIN, "2000002", "650", new RingGroupChange("X", null, false, null)),
                Reason.MANAGED_BY_CONFIG, null);
        assertThat(admin.ringGroups("1000001")).extracting(g -> g.item().name() + ":" + g.item().members())
                .containsExactly("Sales:[200]");
        assertThat(effects).isEmpty();
        assertThat(audit.page(1, null)).extracting(AuditEntry::action).containsExactly("ring_group.create");
    }

    @Test void anExtensionThatIsARingGroupsOnlyMemberIsInUse() {
        admin.createExtension(ADMIN, "1000001", "240", "Dana", "dana", "dana-password");
        admin.createRingGroup(ADMIN, "1000001", "600", "Sales", List.of("240"), null);
        effects.clear();

        assertThatThrownBy(() -> admin.deleteExtension(ADMIN, "1000001", "240"))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IN_USE))
                .hasMessageContaining("only member of ring group 600 (Sales)");

        assertThat(customers.findExtension("1000001", "240")).isPresent();
        assertThat(admin.ringGroups("1000001")).extracting(g -> g.item().members()).containsExactly(List.of("240"));
        assertThat(effects).isEmpty();
    }

    @Test void anExtensionDeletedFromAmongARingGroupsMembersLeavesItAudited() {
        admin.createExtension(ADMIN, "1000001", "240", "Dana", "dana", "dana-password");
        admin.createExtension(ADMIN, "1000001", "250", "Eve", "eve", "eve-password");
        admin.createRingGroup(ADMIN, "1000001", "600", "Sales", List.of("240", "200", "250"), 20);
        admin.createRingGroup(ADMIN, "1000001", "610", "Night", List.of("200"), null);
        effects.clear();

        admin.deleteExtension(ADMIN, "1000001", "240");

        assertThat(admin.ringGroups("1000001")).extracting(g -> g.item().number() + ":" + g.item().members())
                .containsExactly("600:[200, 250]", "610:[200]");
        assertThat(admin.ringGroups("1000001").getFirst().item().ringTimeout()).hasSeconds(20);
        assertThat(effects).containsExactly("reload directory", "reload routing", "drop registrations dana");
        assertThat(audit.page(2, null)).extracting(e -> e.action() + " " + e.object() + " " + e.detail()).containsExactly(
                "extension.delete customer/1000001/extension/240 sip_username=dana, removed from ring group(s) 600",
                "ring_group.update customer/1000001/ring_group/600 members=200 250 (extension 240 deleted)");
        admin.updateRingGroup(ADMIN, "1000001", "600", new RingGroupChange(null, List.of("250", "200"), false, null));
        assertThat(admin.ringGroups("1000001").getFirst().item().members()).containsExactly("250", "200");
    }

    private void provision(DialtoneConfig config) {
        new Provisioning(customers, routing, new JdbiRegistrationRepository(db.jdbi()), "test.realm")
                .apply(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static void assertRefused(Runnable change, Reason reason, String field) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(AdminException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            if (field != null) assertThat(e.field()).isEqualTo(field);
        });
    }

}
