package org.dialtone.core.call;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.control.CallControl;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.event.EventBus;
import org.dialtone.core.channel.Direction;
import org.dialtone.core.dialplan.Destination;
import org.dialtone.core.dialplan.DialPlan;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.dialplan.OutsideNumbers;
import org.dialtone.core.load.Admission;
import org.dialtone.core.parking.Parking;
import org.dialtone.core.parking.ParkingService;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.dialtone.core.writebehind.WriteBehindQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the core: adapters hand it new inbound legs and call-control actions; it owns the active calls,
 * their timers, the parking lots, the media-timeout sweep and the call records.
 * <p>
 * Call records are written behind ({@link WriteBehindQueue}, thread {@code call-records}): when a call starts ringing
 * (in progress), when it is answered and when it ends, coalesced per call, at most {@link #RECORD_QUEUE_CAPACITY}
 * calls pending, retried with back-off while storage fails. Before anything is written, records an earlier run left in
 * progress are closed as interrupted.
 */
public final class CallService implements CallControl, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallService.class);
    /**
     * Calls whose record waits for storage, at most (one slot per call, whatever its updates): some 10 MB, a minute of
     * calls at 400 calls/s, hours at an office's rate. Past it a new call's record is dropped (ERROR log and the
     * {@code dropped} metric) rather than make a call wait on the database.
     */
    public static final int RECORD_QUEUE_CAPACITY = 20_000;
    private static final WriteBehindQueue.Settings RECORD_WRITES = new WriteBehindQueue.Settings("call-records",
            RECORD_QUEUE_CAPACITY, 200, Duration.ofMillis(50), Duration.ofSeconds(5));

    /**
     * Parking lot of every customer: spots {@code firstSpot..lastSpot}; {@code parkTimeout} zero = never. At most
     * {@code maxCallsPerCustomer} concurrent calls per customer (0: no limit); a leg on hold longer than {@code maxHold}
     * is hung up (zero: never).
     */
    public record Settings(Duration ringTimeout, Duration mediaTimeout, int firstSpot, int lastSpot,
                           Duration parkTimeout, int maxCallsPerCustomer, Duration maxHold) {
        /** No limit of calls per customer, no limit of hold time. */
        public Settings(Duration ringTimeout, Duration mediaTimeout, int firstSpot, int lastSpot, Duration parkTimeout) {
            this(ringTimeout, mediaTimeout, firstSpot, lastSpot, parkTimeout, 0, Duration.ZERO);
        }
    }

    private final Directory directory;
    private final EventBus events;
    private final CallRecordRepository records;
    private final Settings settings;
    private final Function<String, Optional<String>> transferFallbacks;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("call-timers").daemon().factory());
    private final WriteBehindQueue<String, CallRecord> recordWrites;
    private final ParkingService<ParkedChannel> parking;
    private final DialPlan dialPlan;
    private final ConcurrentHashMap<String, Call> active = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Call> callByChannel = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final CustomerCalls customerCalls;
    private volatile SignallingPort signalling;
    private volatile boolean accepting = true;
    private volatile Admission admission = Admission.ALWAYS;

    public CallService(Directory directory, EventBus events, CallRecordRepository records, Settings settings) {
        this(directory, events, records, settings, customerCode -> Optional.empty());
    }

    /**
     * @param transferFallbacks customer code → the extension number rung when a blind transfer's target fails
     *                          (empty: the moving channel is hung up then)
     */
    public CallService(Directory directory, EventBus events, CallRecordRepository records, Settings settings,
                       Function<String, Optional<String>> transferFallbacks) {
        this.directory = directory;
        this.events = events;
        this.records = records;
        this.settings = settings;
        this.transferFallbacks = transferFallbacks;
        this.recordWrites = new WriteBehindQueue<>(RECORD_WRITES, CallRecord::linkedId, CallRecord::newest,
                records::save, this::closeInterruptedRecords);
        this.parking = new ParkingService<>(new ParkingService.Settings(settings.firstSpot(), settings.lastSpot(),
                settings.parkTimeout()), timers, Clock.systemUTC());
        this.dialPlan = new DialPlan(directory, parking::isSpot);
        this.customerCalls = new CustomerCalls(settings.maxCallsPerCustomer());
        long shortest = settings.maxHold().isZero() ? settings.mediaTimeout().toMillis()
                : Math.min(settings.mediaTimeout().toMillis(), settings.maxHold().toMillis());
        long sweep = Math.max(1000, Math.min(5000, shortest / 4));
        timers.scheduleWithFixedDelay(this::sweepMedia, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Connects the signalling adapter (set once at wiring; the adapter needs the service too). */
    public void signalling(SignallingPort port) { this.signalling = port; }

    /** Whether new calls are taken (overload control), set at wiring; until then every call is. */
    public void admission(Admission admission) { this.admission = admission; }

    /** Why a new call would be refused now (the switch is shedding load), or empty: asked before any work is done. */
    public Optional<Admission.Refusal> newCallRefusal() { return admission.refusal(); }

    /** The dial plan: routing (ring groups, trunks, DIDs) is set through it at wiring and when it changes. */
    public DialPlan dialPlan() { return dialPlan; }

    /** The parking lots of every customer. */
    public ParkingService<?> parkingLots() { return parking; }

    /**
     * A device of {@code caller} dialled {@code dialled}. Returns the listener the adapter reports the caller leg's
     * progress to, or null when the switch is shutting down (the adapter then rejects the call).
     */
    public LegListener incoming(Extension caller, String dialled, SignallingLeg callerLeg) {
        if (!accepting) return null;
        Destination target = dialPlan.resolve(caller.customerCode(), dialled);
        if (target instanceof Destination.ToSpot(String spot)) {
            Optional<Parking<ParkedChannel>> parked = parking.occupant(caller.customerCode(), spot);
            if (parked.isPresent()) {
                Call call = parked.get().occupant().call();
                call.execute(() -> CallScripts.retrieveByCall(call,
                        new CallerId(caller.number(), caller.displayName()), false, callerLeg, spot));
                return call;
            }
            target = new Destination.Nowhere(dialled);
        }
        Call call = admit(caller.customerCode(), Direction.INTERNAL);
        if (call == null) return null;
        Destination resolved = target;
        call.execute(() -> CallScripts.phoneCall(call, caller, callerLeg, dialled, resolved));
        return call;
    }

    /** Whether {@code e164} is a DID of some customer (the SIP adapter answers 404 before anything else if not). */
    public boolean knowsDid(String e164) {
        return dialPlan.did(e164).isPresent();
    }

    /**
     * A trunk delivers a call to DID {@code e164} from {@code caller} (number in E.164 when it could be read so,
     * name or null). Returns the listener the adapter reports the leg's progress to, or null when the call cannot be
     * taken (unknown DID, shutting down): the adapter then rejects it.
     */
    public LegListener incomingFromTrunk(String trunk, String e164, CallerId caller, SignallingLeg leg) {
        if (!accepting) return null;
        Did did = dialPlan.did(e164).orElse(null);
        if (did == null) return null;
        Destination target = dialPlan.resolve(did.customerCode(), did.destination());
        if (target instanceof Destination.ToSpot(String spot)) { // like a phone dialling the spot: pick the call up
            Optional<Parking<ParkedChannel>> parked = parking.occupant(did.customerCode(), spot);
            if (parked.isPresent()) {
                Call call = parked.get().occupant().call();
                log.info("call {}: {} picks up spot {} through DID {}", call.linkedId(), caller.number(), spot, e164);
                call.execute(() -> CallScripts.retrieveByCall(call, caller, true, leg, spot));
                return call;
            }
            target = new Destination.Nowhere(did.destination());
        }
        Destination resolved = target;
        Call call = admit(did.customerCode(), Direction.INBOUND);
        if (call == null) return null;
        log.info("call {}: {} calls DID {} through trunk {}", call.linkedId(), caller.number(), e164, trunk);
        call.execute(() -> CallScripts.inboundCall(call, caller, leg, e164, resolved));
        return call;
    }

    // ---- call-control actions -----------------------------------------------------------------------------------

    @Override
    public Originated originate(String customerCode, String extensionNumber, String number) {
        newCallRefusal().ifPresent(r -> {
            throw new CallControlException(Reason.UNAVAILABLE, null, "The switch is overloaded and takes no new calls"
                    + " now; retry after " + r.retryAfter().toSeconds() + " s", r.retryAfter());
        });
        Extension ext = extension(customerCode, extensionNumber, "extension_number");
        Destination target = dialPlan.resolve(customerCode, number);
        if (target instanceof Destination.ToSpot(String spot)) {
            Parking<ParkedChannel> p = parking.occupant(customerCode, spot).orElseThrow(() ->
                    new CallControlException(Reason.NOT_FOUND, "number", "Parking spot " + number + " is empty"));
            Call call = p.occupant().call();
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            var unparked = inCall(call, () -> CallScripts.unpark(call, spot, ext, new CallerId(number, null), outcome));
            return new Originated(unparked.linkedId(), unparked.channelId(), outcome);
        }
        requireReachable(target, "number");
        CallerId shown = switch (target) {
            case Destination.ToExtension(var e) -> new CallerId(e.number(), e.displayName());
            case Destination.ToRingGroup(var g, var m) -> new CallerId(g.number(), g.name());
            default -> new CallerId(number, null);
        };
        // an originate to an outside number is outbound from its first event (the extension ringing) on
        Call call = newCall(customerCode,
                target instanceof Destination.ToOutside ? Direction.OUTBOUND : Direction.INTERNAL);
        try {
            return inCall(call, () -> CallScripts.originate(call, ext, target, shown));
        } catch (CallControlException e) {
            discard(call);
            throw e;
        }
    }

    @Override
    public Transferred blindTransfer(String customerCode, String channelId, String toNumber) {
        Call call = callOf(customerCode, channelId);
        Destination target = dialPlan.resolve(customerCode, toNumber);
        if (target instanceof Destination.ToSpot(String spot)) {
            Parked p = inCall(call, () -> CallScripts.park(call, channel(call, channelId), spot));
            return new Transferred(p.linkedId(), p.channelId());
        }
        requireReachable(target, "to_number");
        return inCall(call, () -> CallScripts.transfer(call, channel(call, channelId), target));
    }

    @Override
    public Parked park(String customerCode, String channelId, String spot) {
        requireSpot(spot);
        Call call = callOf(customerCode, channelId);
        return inCall(call, () -> CallScripts.park(call, channel(call, channelId), spot));
    }

    @Override
    public Unparked unpark(String customerCode, String spot, String extensionNumber) {
        requireSpot(spot);
        Extension ext = extension(customerCode, extensionNumber, "extension_number");
        Parking<ParkedChannel> p = parking.occupant(customerCode, spot).orElseThrow(() ->
                new CallControlException(Reason.NOT_FOUND, "parking_spot", "Parking spot " + spot + " is empty"));
        Call call = p.occupant().call();
        return inCall(call, () -> CallScripts.unpark(call, spot, ext, null, null));
    }

    private void requireSpot(String spot) {
        if (!parking.isSpot(spot)) {
            throw new CallControlException(Reason.INVALID_FIELD, "parking_spot",
                    "Parking spot " + spot + " is outside the parking lot " + parking.range());
        }
    }

    /**
     * Refuses, before anything rings, a target that leads nowhere (404; 400 when it is not even a number) or an
     * outside number no trunk can take now (503).
     */
    private void requireReachable(Destination target, String field) {
        if (target instanceof Destination.Nowhere(String dialled)) {
            if (!OutsideNumbers.allDigits(dialled.startsWith("+") ? dialled.substring(1) : dialled)) {
                throw new CallControlException(Reason.INVALID_FIELD, field,
                        "Number " + dialled + " must be digits, optionally with a leading +");
            }
            throw new CallControlException(Reason.NOT_FOUND, field, "No extension or reachable number " + dialled);
        }
        if (target instanceof Destination.ToOutside(String e164, var trunks) && !signalling.trunkAvailable(trunks)) {
            throw new CallControlException(Reason.UNAVAILABLE, field, "No trunk is available to reach " + e164);
        }
    }

    private Extension extension(String customerCode, String number, String field) {
        return directory.extension(customerCode, number).orElseThrow(() ->
                new CallControlException(Reason.NOT_FOUND, field, "No extension " + number));
    }

    /** The call holding {@code channelId}, if it belongs to {@code customerCode}; another customer's is "not found". */
    private Call callOf(String customerCode, String channelId) {
        Call call = channelId == null ? null : callByChannel.get(channelId);
        if (call == null || !call.customerCode().equals(customerCode)) {
            throw new CallControlException(Reason.NOT_FOUND, "channel_id", "No channel " + channelId);
        }
        return call;
    }

    private static Channel channel(Call call, String channelId) {
        Channel c = call.byId(channelId);
        if (c == null) throw new CallControlException(Reason.NOT_FOUND, "channel_id", "No channel " + channelId);
        return c;
    }

    /** Runs {@code action} on the call's mailbox and waits for its result (callers are on virtual threads). */
    private <T> T inCall(Call call, Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        call.execute(() -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new CallControlException(Reason.UNAVAILABLE, null, "The call did not respond in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallControlException(Reason.UNAVAILABLE, null, "Interrupted");
        }
    }

    // ---- bookkeeping ---------------------------------------------------------------------------------------------

    private Call newCall(String customerCode, Direction direction) {
        if (!accepting) throw new CallControlException(Reason.UNAVAILABLE, null, "The switch is shutting down");
        Call call = new Call(this, customerCode, direction);
        if (!customerCalls.tryStart(customerCode, call.linkedId())) {
            throw new CallControlException(Reason.UNAVAILABLE, null, "Customer " + customerCode
                    + " has reached its limit of " + customerCalls.max() + " concurrent calls");
        }
        active.put(call.linkedId(), call);
        started.incrementAndGet();
        return call;
    }

    /** A new call a device or a trunk brings, or null when it is refused (the adapter rejects it with 503). */
    private Call admit(String customerCode, Direction direction) {
        try {
            return newCall(customerCode, direction);
        } catch (CallControlException refused) {
            return null;
        }
    }

    /** A call that never rang anything: forget it entirely. */
    private void discard(Call call) {
        customerCalls.ended(call.linkedId());
        active.remove(call.linkedId());
        started.decrementAndGet();
        for (Channel c : call.channelsSnapshot()) unindexChannel(c);
    }

    void indexChannel(Channel c, Call call) { callByChannel.put(c.channelId(), call); }

    void unindexChannel(Channel c) { callByChannel.remove(c.channelId()); }

    void finished(Call call, CallRecord record) {
        customerCalls.ended(call.linkedId());
        active.remove(call.linkedId());
        for (Channel c : call.channelsSnapshot()) unindexChannel(c);
        if (record.answerTime() == null) failed.incrementAndGet();
        recordWrites.offer(record);
    }

    /** A call's record changed while it goes on (it started ringing, it was answered): store it behind. */
    void recordProgress(CallRecord record) { recordWrites.offer(record); }

    private void closeInterruptedRecords() {
        int closed = records.closeInterrupted();
        if (closed > 0) log.warn("{} call record(s) left in progress by an earlier run closed as interrupted", closed);
    }

    /** The call records waiting for storage (depth, drops, failed attempts are metrics). */
    public WriteBehindQueue<String, CallRecord> recordWrites() { return recordWrites; }

    private void sweepMedia() {
        long now = System.nanoTime();
        long timeout = settings.mediaTimeout().toNanos();
        long maxHold = settings.maxHold().toNanos();
        for (Call call : active.values()) call.checkMedia(now, timeout, maxHold);
    }

    public int activeCalls() { return active.size(); }

    /** Concurrent calls of {@code customerCode} now (what {@code limits.max_calls_per_customer} bounds). */
    public int callsOf(String customerCode) { return customerCalls.of(customerCode); }

    /** New calls refused because their customer was at its limit of concurrent calls, since start. */
    public long callsRefusedForCustomerLimit() { return customerCalls.refused(); }

    public int activeChannels() { return active.values().stream().mapToInt(Call::liveChannels).sum(); }

    public long callsStarted() { return started.get(); }

    public long callsFailed() { return failed.get(); }

    /** Stops accepting calls and hangs up every active one, waiting up to 3 s for them to end. */
    @Override
    public void close() {
        accepting = false;
        List<Call> calls = List.copyOf(active.values());
        if (!calls.isEmpty()) log.info("hanging up {} active call(s)", calls.size());
        calls.forEach(c -> c.hangupAll(HangupCause.SHUTDOWN));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        timers.shutdownNow();
        recordWrites.close(Duration.ofSeconds(5));
        executor.shutdown();
    }

    Directory directory() { return directory; }
    Collection<Call> calls() { return active.values(); }
    Call callOfChannel(String channelId) { return callByChannel.get(channelId); }
    ParkingService<ParkedChannel> parking() { return parking; }
    EventBus events() { return events; }
    SignallingPort signalling() { return signalling; }
    ExecutorService executor() { return executor; }
    ScheduledExecutorService timers() { return timers; }
    Duration ringTimeout() { return settings.ringTimeout(); }

    /** The extension a failed blind transfer of {@code customerCode} rings instead, if the customer configured one. */
    Optional<Extension> transferFallback(String customerCode) {
        return transferFallbacks.apply(customerCode).flatMap(number -> directory.extension(customerCode, number));
    }
}
