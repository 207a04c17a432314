package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.InProcessEventBus;
import org.dialtone.core.parking.Parking;

/**
 * A {@link CallService} wired to fakes: customer 1000001 with extensions 200, 201, 202, 226 and customer 2000002 with
 * extension 200, all registered unless a test says otherwise. Records every event and call record.
 */
final class CoreRig implements AutoCloseable {
    static final String C1 = "1000001";
    static final String C2 = "2000002";
    static final Duration T = Duration.ofSeconds(5);

    final FakeSignalling port = new FakeSignalling();
    final InProcessEventBus bus = new InProcessEventBus();
    final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    /** The records of ended calls, in the order they were stored. */
    final List<CallRecord> records = new CopyOnWriteArrayList<>();
    /** Every version of every record stored (in progress, answered, ended), in order. */
    final List<CallRecord> recordWrites = new CopyOnWriteArrayList<>();
    final Directory directory;
    final CallService service;
    /** Customer code → transfer fallback extension; tests put theirs before transferring. */
    final Map<String, String> transferFallbacks = new ConcurrentHashMap<>();

    CoreRig(Duration ringTimeout, Duration parkTimeout) {
        this(new CallService.Settings(ringTimeout, Duration.ofMinutes(10), 701, 710, parkTimeout));
    }

    CoreRig(CallService.Settings settings) {
        MemoryCustomers repo = new MemoryCustomers();
        repo.upsertCustomer(new Customer(C1, "One"));
        repo.upsertCustomer(new Customer(C2, "Two"));
        for (String n : List.of("200", "201", "202", "226")) {
            repo.upsertExtension(new Extension(C1, n, "Name" + n, n, null));
            port.register(C1, n);
        }
        repo.upsertExtension(new Extension(C2, "200", "Other", "c2-200", null));
        port.register(C2, "200");
        directory = new Directory(repo);
        directory.reload();
        bus.subscribe(e -> events.add(e.event()));
        CallRecordRepository recs = new CallRecordRepository() {
            @Override public void save(List<CallRecord> batch) {
                for (CallRecord r : batch) {
                    recordWrites.add(r);
                    if (!r.inProgress()) records.add(r);
                }
            }
            @Override public int closeInterrupted() { return 0; }
            @Override public List<CallRecord> recent(String customerCode, int limit) { return List.copyOf(records); }
            @Override public CallHistoryQuery.Page history(CallHistoryQuery query) {
                throw new UnsupportedOperationException("the core never reads the history");
            }
        };
        service = new CallService(directory, bus, recs, settings,
                customer -> Optional.ofNullable(transferFallbacks.get(customer)));
        service.signalling(port);
    }

    CoreRig() { this(Duration.ofSeconds(30), Duration.ZERO); }

    Extension ext(String customer, String number) { return directory.extension(customer, number).orElseThrow(); }

    /** A phone of {@code from} dials {@code dialled}; returns the caller's leg (its listener is the call). */
    FakeLeg dial(String from, String dialled) {
        FakeLeg leg = port.inbound(from);
        leg.listener = service.incoming(ext(C1, from), dialled, leg);
        assertThat(leg.listener).isNotNull();
        return leg;
    }

    /** An answered, bridged call from {@code from} to {@code to}: [caller leg, callee leg]. */
    FakeLeg[] talking(String from, String to) {
        FakeLeg caller = dial(from, to);
        FakeLeg callee = port.awaitRung(C1, to);
        callee.pickUp();
        await().atMost(T).pollInterval(Duration.ofMillis(5)).until(() -> caller.media.hears(callee.media));
        return new FakeLeg[] {caller, callee};
    }

    static Call callOf(FakeLeg leg) { return (Call) leg.listener; }

    /** Runs {@code read} on the call's mailbox (where its state lives) and returns the result. */
    static <T> T onMailbox(Call call, Supplier<T> read) {
        CompletableFuture<T> f = new CompletableFuture<>();
        call.execute(() -> f.complete(read.get()));
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("mailbox of " + call.linkedId() + " did not answer", e);
        }
    }

    /** The channel whose signalling is {@code leg}. */
    static Channel channel(FakeLeg leg) {
        Call call = callOf(leg);
        return onMailbox(call, () -> call.channelsSnapshot().stream().filter(c -> c.leg() == leg).findFirst()
                .orElseThrow(() -> new AssertionError("no channel on " + leg)));
    }

    /** The park in {@code spot} of customer 1000001's lot, if the spot is taken. */
    Optional<Parking<ParkedChannel>> parkedIn(String spot) { return service.parking().occupant(C1, spot); }

    List<EventType> types() { return events.stream().map(ChannelEvent::type).toList(); }

    ChannelEvent awaitEvent(EventType type, Predicate<ChannelEvent> filter) {
        return await(type + " in " + types()).atMost(T).pollInterval(Duration.ofMillis(5))
                .until(() -> events.stream().filter(e -> e.type() == type && filter.test(e)).findFirst(),
                        Optional::isPresent).orElseThrow();
    }

    /** The record of the first call that ended (stored behind, just after the call ended). */
    CallRecord awaitRecord() {
        await("a call record").atMost(T).pollInterval(Duration.ofMillis(5)).until(() -> !records.isEmpty());
        return records.getFirst();
    }

    void awaitNoCalls() {
        await("no active call").atMost(T).pollInterval(Duration.ofMillis(5))
                .until(() -> service.activeCalls() == 0);
    }

    /** Every leg the switch saw had its media released at least once. */
    void assertAllMediaReleased() {
        List<FakeLeg> legs = new ArrayList<>(port.allLegs);
        legs.addAll(port.inboundLegs);
        await("media of every leg released").atMost(T).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
            for (FakeLeg l : legs) assertThat(l.media.releases.get()).as("releases of " + l).isGreaterThanOrEqualTo(1);
        });
    }

    @Override
    public void close() { service.close(); }

    /** Customers in memory. */
    static final class MemoryCustomers implements CustomerRepository {
        private final Map<String, Customer> customers = new ConcurrentHashMap<>();
        private final Map<String, Extension> extensions = new ConcurrentHashMap<>();
        private final Map<String, ApiToken> tokens = new ConcurrentHashMap<>();

        @Override public void upsertCustomer(Customer c) { customers.put(c.code(), c); }
        @Override public Optional<Customer> findCustomer(String code) { return Optional.ofNullable(customers.get(code)); }
        @Override public List<Customer> customers() { return List.copyOf(customers.values()); }
        @Override public void upsertExtension(Extension e) { extensions.put(e.customerCode() + "/" + e.number(), e); }
        @Override public Optional<Extension> findExtension(String customerCode, String number) {
            return Optional.ofNullable(extensions.get(customerCode + "/" + number));
        }
        @Override public Optional<Extension> findExtensionBySipUsername(String sipUsername) {
            return extensions.values().stream().filter(e -> e.sipUsername().equals(sipUsername)).findFirst();
        }
        @Override public List<Extension> extensions(String customerCode) {
            return extensions.values().stream().filter(e -> e.customerCode().equals(customerCode)).toList();
        }
        @Override public void upsertToken(ApiToken token) { tokens.put(token.tokenSha256(), token); }
        @Override public Optional<ApiToken> findTokenByHash(String hash) { return Optional.ofNullable(tokens.get(hash)); }
        @Override public List<String> disabledCustomers() { return List.of(); }
        @Override public Removal removeCustomer(String code) {
            if (customers.remove(code) == null) return Removal.ABSENT;
            extensions.values().removeIf(e -> e.customerCode().equals(code));
            tokens.values().removeIf(t -> t.customerCode().equals(code));
            return Removal.DELETED;
        }
        @Override public void deleteExtension(String c, String n) { extensions.remove(c + "/" + n); }
        @Override public List<ApiToken> tokens(String c) {
            return tokens.values().stream().filter(t -> t.customerCode().equals(c)).toList();
        }
        @Override public void deleteToken(String hash) { tokens.remove(hash); }
    }
}
