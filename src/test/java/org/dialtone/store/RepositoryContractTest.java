package org.dialtone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dialtone.core.admin.AuditEntry;
import org.dialtone.core.customer.ManagedBy;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.dialplan.RingGroup;
import org.dialtone.core.location.Registration;
import org.dialtone.core.trunk.StoredTrunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same repository behaviour on every supported database; subclasses say how to open a fresh, empty one. */
abstract class RepositoryContractTest {
    protected Database db;
    private JdbiCustomerRepository customers;
    private JdbiCallRecordRepository calls;
    private JdbiRegistrationRepository registrations;
    private JdbiRoutingRepository routing;

    protected abstract Database openEmptyDatabase() throws Exception;

    @BeforeEach void open() throws Exception {
        db = openEmptyDatabase();
        customers = new JdbiCustomerRepository(db.jdbi());
        calls = new JdbiCallRecordRepository(db.jdbi());
        registrations = new JdbiRegistrationRepository(db.jdbi());
        routing = new JdbiRoutingRepository(db.jdbi());
    }

    @AfterEach void close() { if (db != null) db.close(); }

    @Test void healthy() { assertThat(db.healthy()).isTrue(); }

    @Test void upsertCustomerTwiceUpdatesName() {
        customers.upsertCustomer(new Customer("1000001", "Acme"));
        customers.upsertCustomer(new Customer("1000001", "Acme Ltd"));
        customers.upsertCustomer(new Customer("1000002", "Beta"));

        assertThat(customers.findCustomer("1000001")).contains(new Customer("1000001", "Acme Ltd"));
        assertThat(customers.findCustomer("9999999")).isEmpty();
        assertThat(customers.customers()).containsExactly(new Customer("1000001", "Acme Ltd"), new Customer("1000002", "Beta"));
    }

    @Test void upsertExtensionTwiceUpdatesAllFields() {
        customers.upsertCustomer(new Customer("1000001", "Acme"));
        customers.upsertExtension(ext("1000001", "200", "Alice", "alice", "old-password"));
        Extension changed = ext("1000001", "200", "Alice B.", "alice2", "new-password");
        customers.upsertExtension(changed);

        assertThat(customers.findExtension("1000001", "200")).contains(changed);
        assertThat(customers.findExtensionBySipUsername("alice2")).contains(changed);
        assertThat(customers.findExtensionBySipUsername("alice")).isEmpty();
        assertThat(customers.extensions("1000001")).containsExactly(changed);
        assertThat(changed.credentials().ha1Md5())
                .isEqualTo(DigestCredentials.hex("MD5", "alice2:dialtone:new-password"));
    }

    @Test void extensionsAreListedPerCustomerByNumber() {
        customers.upsertCustomer(new Customer("1000001", "Acme"));
        customers.upsertCustomer(new Customer("1000002", "Beta"));
        Extension a201 = ext("1000001", "201", "Bob", "acme-201", "pw1");
        Extension a200 = ext("1000001", "200", "Alice", "acme-200", "pw2");
        Extension b200 = ext("1000002", "200", "Carol", "beta-200", "pw3");
        customers.upsertExtension(a201);
        customers.upsertExtension(a200);
        customers.upsertExtension(b200);

        assertThat(customers.extensions("1000001")).containsExactly(a200, a201);
        assertThat(customers.extensions("1000002")).containsExactly(b200);
        assertThat(customers.findExtensionBySipUsername("beta-200")).contains(b200);
        assertThat(customers.findExtension("1000002", "201")).isEmpty();
    }

    @Test void sipUsernameIsUniqueAcrossCustomers() {
        customers.upsertCustomer(new Customer("1000001", "Acme"));
        customers.upsertCustomer(new Customer("1000002", "Beta"));
        customers.upsertExtension(ext("1000001", "200", "Alice", "shared", "pw"));

        assertThatThrownBy(() -> customers.upsertExtension(ext("1000002", "200", "Carol", "shared", "pw")))
                .isInstanceOf(RuntimeException.class);
        assertThat(customers.extensions("1000002")).isEmpty();
    }

    @Test void extensionRequiresExistingCustomer() {
        assertThatThrownBy(() -> customers.upsertExtension(ext("1234567", "200", "Ghost", "ghost", "pw")))
                .isInstanceOf(RuntimeException.class);
        assertThat(customers.findExtensionBySipUsername("ghost")).isEmpty();
    }

    @Test void tokenIsFoundByHashOnly() {
        customers.upsertCustomer(new Customer("1000001", "Acme"));
        String hash = ApiToken.hash("s3cret-token");
        customers.upsertToken(new ApiToken("1000001", hash, "ci"));
        customers.upsertToken(new ApiToken("1000001", hash, "ci renamed"));

        assertThat(customers.findTokenByHash(hash)).contains(new ApiToken("1000001", hash, "ci renamed"));
        assertThat(customers.findTokenByHash("s3cret-token")).isEmpty();
        assertThat(customers.findTokenByHash(ApiToken.hash("other"))).isEmpty();
        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT token_sha256 FROM api_token")
                .mapTo(String.class).one());
        assertThat(stored).isEqualTo(hash).hasSize(64);
    }

    @Test void callRecordsComeBackNewestFirstPerCustomer() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00.123Z");
        CallRecord answered = new CallRecord("L1", "1000001", "200", "201", t0, t0.plusSeconds(3), t0.plusSeconds(60), "ANSWERED", "internal", null, null);
        CallRecord missed = new CallRecord("L2", "1000001", "201", "226", t0.plusSeconds(100), null, t0.plusSeconds(130), "NO_ANSWER", "inbound", "+12025550123", "carrier1");
        CallRecord other = new CallRecord("L3", "1000002", "200", "201", t0.plusSeconds(200), null, t0.plusSeconds(201), "BUSY", "outbound", "+4930123456", "carrier2");
        calls.save(List.of(answered));
        calls.save(List.of(missed, other));

        assertThat(calls.recent("1000001", 10)).containsExactly(missed, answered);
        assertThat(calls.recent("1000001", 1)).containsExactly(missed);
        assertThat(calls.recent("1000002", 10)).containsExactly(other);
        assertThat(calls.recent("1000003", 10)).isEmpty();
        assertThat(calls.recent("1000001", 10).get(0).answerTime()).isNull();
    }

    @Test void callRecordWithoutDirectionIsStoredAsInternal() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        calls.save(List.of(new CallRecord("L1", "1000001", "200", "201", t0, null, t0.plusSeconds(5), "NO_ANSWER", null, null, null)));
        assertThat(calls.recent("1000001", 1)).singleElement().extracting(CallRecord::direction).isEqualTo("internal");
    }

    @Test void aCallIsStoredInProgressThenAnsweredThenEnded() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        CallRecord ringing = new CallRecord("L1", "1000001", "200", "201", t0, null, null, CallRecord.IN_PROGRESS, "internal", null, null);
        CallRecord answered = new CallRecord("L1", "1000001", "200", "201", t0, t0.plusSeconds(2), null, CallRecord.IN_PROGRESS, "internal", null, null);
        CallRecord ended = new CallRecord("L1", "1000001", "200", "201", t0, t0.plusSeconds(2), t0.plusSeconds(30), "answered", "internal", null, null);

        calls.save(List.of(ringing));
        assertThat(calls.recent("1000001", 10)).containsExactly(ringing);
        calls.save(List.of(answered));
        assertThat(calls.recent("1000001", 10)).containsExactly(answered);
        calls.save(List.of(ended));
        assertThat(calls.recent("1000001", 10)).containsExactly(ended);
        assertThat(count("call_record")).isEqualTo(1);
    }

    @Test void anEndedCallIsNeverTurnedBackIntoOneInProgressAndStoringItTwiceIsHarmless() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        CallRecord ended = new CallRecord("L1", "1000001", "200", "201", t0, null, t0.plusSeconds(9), "busy", "internal", null, null);
        calls.save(List.of(ended));
        calls.save(List.of(ended, new CallRecord("L1", "1000001", "200", "201", t0, null, null, CallRecord.IN_PROGRESS, "internal", null, null)));
        assertThat(calls.recent("1000001", 10)).containsExactly(ended);
    }

    @Test void recordsLeftInProgressAreClosedAsInterruptedKeepingWhatWasKnown() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        CallRecord talking = new CallRecord("L1", "1000001", "200", "+12025550123", t0, t0.plusSeconds(3), null, CallRecord.IN_PROGRESS, "outbound", "+12025550123", "carrier1");
        CallRecord ringing = new CallRecord("L2", "1000002", "200", "201", t0.plusSeconds(1), null, null, CallRecord.IN_PROGRESS, "internal", null, null);
        CallRecord ended = new CallRecord("L3", "1000001", "201", "200", t0.plusSeconds(2), null, t0.plusSeconds(5), "no answer", "internal", null, null);
        calls.save(List.of(talking, ringing, ended));

        assertThat(calls.closeInterrupted()).isEqualTo(2);

        assertThat(calls.recent("1000001", 10)).containsExactly(ended,
                new CallRecord("L1", "1000001", "200", "+12025550123", t0, t0.plusSeconds(3), null, CallRecord.INTERRUPTED, "outbound", "+12025550123", "carrier1"));
        assertThat(calls.recent("1000002", 10)).singleElement().satisfies(r -> {
            assertThat(r.disposition()).isEqualTo("interrupted");
            assertThat(r.endTime()).as("unknown: the switch stopped without ending the call").isNull();
        });
        assertThat(calls.closeInterrupted()).isZero();
        // a closed record is final: a late write of the same call cannot reopen it
        calls.save(List.of(ringing));
        assertThat(calls.recent("1000002", 10)).singleElement().extracting(CallRecord::disposition).isEqualTo("interrupted");
    }

    @Test void aBatchOfRecordsIsStoredAllOrNothing() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        CallRecord good = new CallRecord("L1", "1000001", "200", "201", t0, null, t0.plusSeconds(5), "busy", "internal", null, null);
        CallRecord bad = new CallRecord("L2", "1000001", "200", "201", t0, null, t0.plusSeconds(5), "busy", "sideways", null, null);
        assertThatThrownBy(() -> calls.save(List.of(good, bad))).isInstanceOf(RuntimeException.class);
        assertThat(calls.recent("1000001", 10)).isEmpty();
    }

    @Test void routingIsStoredAndReadBack() {
        twoCustomersWithExtensions();
        StoredTrunk carrier1 = trunk("carrier1", false, null, List.of("127.0.0.2/32"));
        StoredTrunk carrier2 = new StoredTrunk("carrier2", "sip.carrier2.example", 5080, "tcp", "127.0.0.3:5070", true,
                "acct", true, Duration.ofSeconds(300), List.of("192.0.2.0/24", "2001:db8::/32"), 4,
                NumberFormat.NATIONAL, Duration.ZERO, "1");
        Did main = new Did("+12025550100", "1000001", "600");
        Did direct = new Did("+12025550101", "1000001", "200");
        Did beta = new Did("+4930123456", "1000002", "701");
        RingGroup sales = new RingGroup("1000001", "600", "Sales", List.of("202", "200", "201"), Duration.ofSeconds(20));
        RingGroup support = new RingGroup("1000001", "601", "Support", List.of("201"), null);
        RingGroup betaGroup = new RingGroup("1000002", "600", "Beta", List.of("200"), null);

        routing.replaceAll(List.of(carrier2, carrier1), List.of(direct, beta, main), List.of(support, betaGroup, sales));

        assertThat(routing.trunks()).containsExactly(carrier1, carrier2);
        assertThat(routing.dids()).containsExactly(main, direct, beta);
        assertThat(routing.ringGroups()).containsExactly(sales, support, betaGroup);
    }

    @Test void replaceAllRemovesWhatIsNoLongerDeclared() {
        twoCustomersWithExtensions();
        RingGroup sales = new RingGroup("1000001", "600", "Sales", List.of("200", "201"), null);
        routing.replaceAll(List.of(trunk("carrier1", false, null, List.of()), trunk("carrier2", true, "acct", List.of())),
                List.of(new Did("+12025550100", "1000001", "600"), new Did("+12025550101", "1000001", "200")),
                List.of(sales, new RingGroup("1000001", "601", "Support", List.of("202"), null)));

        StoredTrunk changed = trunk("carrier2", false, null, List.of("10.0.0.0/8"));
        RingGroup fewer = new RingGroup("1000001", "600", "Sales team", List.of("201"), Duration.ofSeconds(5));
        routing.replaceAll(List.of(changed), List.of(new Did("+12025550101", "1000001", "600")), List.of(fewer));

        assertThat(routing.trunks()).containsExactly(changed);
        assertThat(routing.dids()).containsExactly(new Did("+12025550101", "1000001", "600"));
        assertThat(routing.ringGroups()).containsExactly(fewer);
        assertThat(count("ring_group_member")).isEqualTo(1);

        routing.replaceAll(List.of(), List.of(), List.of());
        assertThat(routing.trunks()).isEmpty();
        assertThat(routing.dids()).isEmpty();
        assertThat(routing.ringGroups()).isEmpty();
        assertThat(count("ring_group_member")).isZero();
    }

    @Test void replaceAllIsAllOrNothing() {
        twoCustomersWithExtensions();
        StoredTrunk kept = trunk("carrier1", false, null, List.of());
        Did keptDid = new Did("+12025550100", "1000001", "200");
        routing.replaceAll(List.of(kept), List.of(keptDid), List.of());

        // a DID of a customer that does not exist fails the whole replacement
        assertThatThrownBy(() -> routing.replaceAll(List.of(trunk("carrier9", false, null, List.of())),
                List.of(new Did("+12025550199", "9999999", "200")), List.of()))
                .isInstanceOf(RuntimeException.class);
        // so does a ring group member that is not an extension of the group's customer
        assertThatThrownBy(() -> routing.replaceAll(List.of(), List.of(),
                List.of(new RingGroup("1000002", "600", "Beta", List.of("201"), null))))
                .isInstanceOf(RuntimeException.class);
        // and a DID declared twice
        assertThatThrownBy(() -> routing.replaceAll(List.of(), List.of(keptDid, new Did("+12025550100", "1000002", "200")),
                List.of())).isInstanceOf(RuntimeException.class);

        assertThat(routing.trunks()).containsExactly(kept);
        assertThat(routing.dids()).containsExactly(keptDid);
        assertThat(routing.ringGroups()).isEmpty();
    }

    @Test void removingACustomerRemovesItsDidsAndRingGroups() {
        twoCustomersWithExtensions();
        routing.replaceAll(List.of(), List.of(new Did("+4930123456", "1000002", "600")),
                List.of(new RingGroup("1000002", "600", "Beta", List.of("200"), null)));
        db.jdbi().useHandle(h -> h.execute("DELETE FROM customer WHERE code = '1000002'"));
        assertThat(routing.dids()).isEmpty();
        assertThat(routing.ringGroups()).isEmpty();
        assertThat(count("ring_group_member")).isZero();
    }

    @Test void registrationSaveUpdatesDeleteAndList() {
        Instant exp = Instant.parse("2026-11-23T11:00:00Z");
        Registration phone = new Registration("200", "sip:200@10.0.0.5:5060", "10.0.0.5:5060", "UDP", "c1", exp, "Yealink");
        Registration softphone = new Registration("200", "sip:200@10.0.0.9:5070;transport=tcp", "10.0.0.9:5070", "TCP", "c2", exp, null);
        Registration other = new Registration("201", "sip:201@10.0.0.6:5060", "10.0.0.6:5060", "UDP", "c3", exp, "Linphone");
        registrations.save(phone);
        registrations.save(softphone);
        registrations.save(other);
        Registration refreshed = new Registration("200", "sip:200@10.0.0.5:5060", "10.0.0.5:5062", "UDP", "c1b", exp.plusSeconds(600), "Yealink 2");
        registrations.save(refreshed);

        assertThat(registrations.all()).containsExactly(refreshed, softphone, other);

        registrations.delete("200", "sip:200@10.0.0.9:5070;transport=tcp");
        registrations.delete("999", "sip:nobody@nowhere");
        assertThat(registrations.all()).containsExactly(refreshed, other);

        assertThat(registrations.deleteExpired(exp)).isEqualTo(1);
        assertThat(registrations.all()).containsExactly(refreshed);
    }

    @Test void removingACustomerWithoutCallRecordsDeletesIt() {
        twoCustomersWithExtensions();
        customers.upsertToken(new ApiToken("1000002", "ab".repeat(32), "beta"));
        routing.replaceAll(List.of(), List.of(new Did("+4930123456", "1000002", "200")), List.of());

        assertThat(customers.removeCustomer("1000002")).isEqualTo(CustomerRepository.Removal.DELETED);
        assertThat(customers.removeCustomer("1000002")).isEqualTo(CustomerRepository.Removal.ABSENT);
        assertThat(customers.customers()).extracting(Customer::code).containsExactly("1000001");
        assertThat(customers.disabledCustomers()).isEmpty();
        assertThat(count("customer")).isEqualTo(1);
        assertThat(customers.findExtensionBySipUsername("beta200")).isEmpty();
        assertThat(count("api_token")).isZero();
        assertThat(routing.dids()).isEmpty();
    }

    @Test void removingACustomerWithCallRecordsKeepsItDisabledWithoutExtensionsTokensOrRouting() {
        twoCustomersWithExtensions();
        customers.upsertToken(new ApiToken("1000002", "ab".repeat(32), "beta"));
        routing.replaceAll(List.of(), List.of(new Did("+4930123456", "1000002", "600")),
                List.of(new RingGroup("1000002", "600", "Beta", List.of("200"), null)));
        calls.save(List.of(new CallRecord("1.1", "1000002", "200", "201", Instant.EPOCH, null, Instant.EPOCH, "BUSY",
                null, null, null)));

        assertThat(customers.removeCustomer("1000002")).isEqualTo(CustomerRepository.Removal.DISABLED);

        assertThat(customers.customers()).extracting(Customer::code).containsExactly("1000001");
        assertThat(customers.findCustomer("1000002")).isEmpty();
        assertThat(customers.disabledCustomers()).containsExactly("1000002");
        assertThat(customers.extensions("1000002")).isEmpty();
        assertThat(customers.tokens("1000002")).isEmpty();
        assertThat(routing.dids()).isEmpty();
        assertThat(routing.ringGroups()).isEmpty();
        assertThat(calls.recent("1000002", 10)).hasSize(1);
        assertThat(customers.removeCustomer("1000002")).as("already disabled").isEqualTo(CustomerRepository.Removal.ABSENT);

        customers.upsertCustomer(new Customer("1000002", "Beta again"));
        assertThat(customers.findCustomer("1000002")).contains(new Customer("1000002", "Beta again"));
        assertThat(customers.disabledCustomers()).isEmpty();
    }

    @Test void aDisabledCustomersTokenIsNotFound() {
        customers.upsertCustomer(new Customer("1000002", "Beta"));
        customers.upsertToken(new ApiToken("1000002", "ab".repeat(32), "beta"));
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE customer SET disabled = :d").bind("d", true).execute());
        assertThat(customers.findTokenByHash("ab".repeat(32))).isEmpty();
    }

    @Test void singleExtensionsAndTokensAreListedAndDeleted() {
        twoCustomersWithExtensions();
        customers.upsertToken(new ApiToken("1000001", "ab".repeat(32), "one"));
        customers.upsertToken(new ApiToken("1000001", "cd".repeat(32), "two"));
        customers.upsertToken(new ApiToken("1000002", "ef".repeat(32), "other"));
        assertThat(customers.tokens("1000001")).extracting(ApiToken::label).containsExactly("one", "two");

        customers.deleteToken("ab".repeat(32));
        customers.deleteToken("00".repeat(32));
        customers.deleteExtension("1000001", "201");
        customers.deleteExtension("1000001", "999");

        assertThat(customers.tokens("1000001")).extracting(ApiToken::label).containsExactly("two");
        assertThat(customers.findTokenByHash("ef".repeat(32))).isPresent();
        assertThat(customers.extensions("1000001")).extracting(Extension::number).containsExactly("200", "202");
    }

    @Test void registrationsOfAccountsThatNoLongerExistAreDeleted() {
        Instant exp = Instant.parse("2026-11-23T11:00:00Z");
        for (String user : List.of("200", "201", "202")) {
            registrations.save(new Registration(user, "sip:" + user + "@10.0.0.5", "10.0.0.5:5060", "UDP", "c" + user, exp, null));
        }
        registrations.save(new Registration("201", "sip:201@10.0.0.6", "10.0.0.6:5060", "UDP", "c", exp, null));

        assertThat(registrations.deleteAllExcept(java.util.Set.of("200", "999"))).isEqualTo(3);
        assertThat(registrations.all()).extracting(Registration::sipUsername).containsExactly("200");
    }

    @Test void rowsRememberWhoOwnsThemAndTheConfigurationTakesOverWhatItDeclares() {
        customers.saveCustomer(new Customer("1000001", "Acme"), ManagedBy.API);
        customers.upsertCustomer(new Customer("1000002", "Beta"));
        customers.saveExtension(ext("1000001", "200", null, "acme200", "pw"), ManagedBy.API);
        customers.saveToken(new ApiToken("1000001", "ab".repeat(32), "api"), ManagedBy.API);
        assertThat(customers.customerOwners()).containsExactly(Map.entry("1000001", ManagedBy.API),
                Map.entry("1000002", ManagedBy.CONFIG));
        assertThat(customers.extensionOwners("1000001")).containsExactly(Map.entry("200", ManagedBy.API));
        assertThat(customers.tokenOwners("1000001")).containsExactly(Map.entry("ab".repeat(32), ManagedBy.API));

        customers.upsertExtension(ext("1000001", "200", "Declared", "acme200", "pw"));
        assertThat(customers.extensionOwners("1000001")).containsExactly(Map.entry("200", ManagedBy.CONFIG));
    }

    @Test void replaceAllKeepsTheApisDidsAndRingGroupsUnlessTheConfigurationDeclaresThem() {
        twoCustomersWithExtensions();
        routing.saveDid(new Did("+12025550101", "1000001", "200"), ManagedBy.API);
        routing.saveDid(new Did("+12025550102", "1000001", "201"), ManagedBy.API);
        routing.saveRingGroup(new RingGroup("1000001", "600", "Api", List.of("201", "200"), null), ManagedBy.API);
        routing.saveRingGroup(new RingGroup("1000001", "601", "Api", List.of("202"), null), ManagedBy.API);

        Did declared = new Did("+12025550102", "1000001", "202");
        routing.replaceAll(List.of(), List.of(declared, new Did("+12025550103", "1000002", "200")),
                List.of(new RingGroup("1000001", "601", "Declared", List.of("200"), Duration.ofSeconds(9))));

        assertThat(routing.didOwners()).containsExactly(Map.entry("+12025550101", ManagedBy.API),
                Map.entry("+12025550102", ManagedBy.CONFIG), Map.entry("+12025550103", ManagedBy.CONFIG));
        assertThat(routing.dids()).contains(declared);
        assertThat(routing.ringGroupOwners("1000001")).containsExactly(Map.entry("600", ManagedBy.API),
                Map.entry("601", ManagedBy.CONFIG));
        assertThat(routing.ringGroups("1000001")).extracting(RingGroup::members)
                .containsExactly(List.of("201", "200"), List.of("200"));

        routing.replaceAll(List.of(), List.of(), List.of());
        assertThat(routing.didOwners()).containsOnlyKeys("+12025550101");
        routing.deleteDid("+12025550101");
        routing.deleteRingGroup("1000001", "600");
        assertThat(routing.dids()).isEmpty();
        assertThat(routing.ringGroups()).isEmpty();
    }

    @Test void theAuditLogPagesNewestFirst() {
        var audit = new JdbiAuditLog(db.jdbi(), java.time.Clock.fixed(Instant.ofEpochMilli(1_764_000_000_000L),
                java.time.ZoneOffset.UTC));
        for (int i = 1; i <= 5; i++) audit.record("ops", "extension.create", "customer/1000001/extension/20" + i, "n=" + i);

        List<AuditEntry> first = audit.page(2, null);
        assertThat(first).extracting(AuditEntry::object).containsExactly("customer/1000001/extension/205",
                "customer/1000001/extension/204");
        assertThat(first.getFirst().at()).isEqualTo(Instant.ofEpochMilli(1_764_000_000_000L));
        List<AuditEntry> rest = audit.page(10, first.getLast().id());
        assertThat(rest).extracting(AuditEntry::detail).containsExactly("n=3", "n=2", "n=1");
    }

    private void twoCustomersWithExtensions() {
        customers.upsertCustomer(new Customer("1000001", "Acme"));
        customers.upsertCustomer(new Customer("1000002", "Beta"));
        for (String n : List.of("200", "201", "202")) customers.upsertExtension(ext("1000001", n, null, "acme" + n, "pw"));
        customers.upsertExtension(ext("1000002", "200", null, "beta200", "pw"));
    }

    private static StoredTrunk trunk(String name, boolean hasCredentials, String username, List<String> networks) {
        return new StoredTrunk(name, "127.0.0.2", 5060, "udp", null, hasCredentials, username, false,
                Duration.ofSeconds(600), networks, 0, NumberFormat.E164_PLUS, Duration.ofSeconds(30), null);
    }

    private int count(String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Integer.class).one());
    }

    protected static Extension ext(String customer, String number, String name, String user, String password) {
        return new Extension(customer, number, name, user, DigestCredentials.derive(user, "dialtone", password));
    }

    protected static List<String> tables() {
        return List.of("ring_group_member", "ring_group", "did", "trunk", "registration", "call_record", "api_token",
                "extension", "customer", "audit_log");
    }
}
