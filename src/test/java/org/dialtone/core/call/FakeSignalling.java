package org.dialtone.core.call;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.media.MediaLeg;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.RingResult;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort;

/**
 * A signalling adapter without SIP: {@link #ring} hands out {@link FakeLeg}s for registered extensions and records
 * them; the test plays the phone by calling the leg's {@code ring/pickUp/end}, which report to the captured
 * {@link LegListener} exactly as the SIP adapter would.
 */
final class FakeSignalling implements SignallingPort {
    private static final AtomicInteger DEVICES = new AtomicInteger();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, ConcurrentLinkedQueue<FakeLeg>> unclaimed = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<FakeLeg, Integer>> behaviours = new ConcurrentHashMap<>();
    /** Legs the switch rang. */
    final List<FakeLeg> allLegs = new CopyOnWriteArrayList<>();
    /** Legs phones opened towards the switch. */
    final List<FakeLeg> inboundLegs = new CopyOnWriteArrayList<>();

    void register(String customerCode, String number) { registered.add(customerCode + "/" + number); }

    void unregister(String customerCode, String number) { registered.remove(customerCode + "/" + number); }

    /** Extensions whose account is at its limit of concurrent calls: ringing them fails as the SIP adapter's does. */
    final Set<String> atLimit = ConcurrentHashMap.newKeySet();

    /** What a phone of {@code number} does when rung (from the ringing thread); the int counts its rings. */
    void behaviour(String customerCode, String number, BiConsumer<FakeLeg, Integer> onRing) {
        behaviours.put(customerCode + "/" + number, onRing);
    }

    @Override
    public RingResult ring(List<Extension> targets, CallerId callerId, LegListener listener) {
        Extension target = targets.stream().filter(t -> registered.contains(t.customerCode() + "/" + t.number()))
                .findFirst().orElse(null);
        if (target == null) return RingResult.failed(RingResult.Failure.NO_DEVICE);
        if (atLimit.contains(target.customerCode() + "/" + target.number())) {
            return RingResult.failed(RingResult.Failure.AT_LIMIT);
        }
        String key = target.customerCode() + "/" + target.number();
        FakeLeg leg = new FakeLeg(target.number(), callerId, listener);
        allLegs.add(leg);
        BiConsumer<FakeLeg, Integer> b = behaviours.get(key);
        if (b != null) b.accept(leg, allLegs.size());
        else unclaimed.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(leg);
        return RingResult.ringing(leg);
    }

    /** Trunks that take calls (by name); tests add theirs. */
    final Set<String> trunksUp = ConcurrentHashMap.newKeySet();
    /** Every call placed to the telephone network. */
    final List<OutsideCall> outsideCalls = new CopyOnWriteArrayList<>();

    /** Rings an outside number: one leg, its device the first trunk that is up; queued under {@code outside/<e164>}. */
    @Override
    public RingResult dialOut(OutsideCall call, LegListener listener) {
        String trunk = call.trunks().stream().filter(trunksUp::contains).findFirst().orElse(null);
        if (trunk == null) return RingResult.failed(RingResult.Failure.NO_TRUNK);
        outsideCalls.add(call);
        FakeLeg leg = new FakeLeg(call.e164(), call.callerId(), listener, trunk);
        allLegs.add(leg);
        unclaimed.computeIfAbsent("outside/" + call.e164(), k -> new ConcurrentLinkedQueue<>()).add(leg);
        return RingResult.ringing(leg);
    }

    @Override
    public boolean trunkAvailable(List<String> trunks) { return trunks.stream().anyMatch(trunksUp::contains); }

    /** Waits for the next call the switch placed to {@code e164} that the test has not taken yet. */
    FakeLeg awaitDialledOut(String e164) { return awaitRung("outside", e164); }

    /** Waits for the next leg the switch rang on {@code number} that the test has not taken yet. */
    FakeLeg awaitRung(String customerCode, String number) {
        var queue = unclaimed.computeIfAbsent(customerCode + "/" + number, k -> new ConcurrentLinkedQueue<>());
        return await("a leg ringing " + number).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(queue::poll, l -> l != null);
    }

    /** Whether a leg rang on {@code number} that the test has not taken. */
    boolean hasUnclaimed(String customerCode, String number) {
        var queue = unclaimed.get(customerCode + "/" + number);
        return queue != null && !queue.isEmpty();
    }

    /** A new inbound leg, as a phone of {@code number} that just sent an INVITE. */
    FakeLeg inbound(String number) {
        FakeLeg leg = new FakeLeg(number, null, null);
        inboundLegs.add(leg);
        return leg;
    }

    /** One channel's signalling, as seen and driven by the test. */
    static final class FakeLeg implements SignallingLeg {
        final String number;
        final CallerId shown;
        final String device;
        final FakeMedia media = new FakeMedia();
        volatile LegListener listener;
        volatile boolean progressed;
        final AtomicInteger answers = new AtomicInteger();
        final List<HangupCause> hangups = new CopyOnWriteArrayList<>();
        /** The phone side ended it (phone hung up, rejected, cancelled). */
        volatile boolean endedByPhone;

        FakeLeg(String number, CallerId shown, LegListener listener) {
            this(number, shown, listener, "dev" + number + "-" + DEVICES.incrementAndGet());
        }

        FakeLeg(String number, CallerId shown, LegListener listener, String device) {
            this.number = number;
            this.shown = shown;
            this.listener = listener;
            this.device = device;
        }

        // ---- what the switch does to the leg
        @Override public MediaLeg media() { return media; }
        @Override public String device() { return device; }
        @Override public void progress() { progressed = true; }
        @Override public void answer() { answers.incrementAndGet(); }
        @Override public void hangup(HangupCause cause) { hangups.add(cause); }

        boolean hungUpBySwitch() { return !hangups.isEmpty(); }

        HangupCause awaitHungUp() {
            await(device + " hung up by the switch").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> !hangups.isEmpty());
            return hangups.getFirst();
        }

        // ---- what the phone does
        void ring() { listener.ringing(this); }
        void pickUp() { listener.answered(this); }
        /** The far end plays audio before answering (a carrier's ringback). */
        void earlyMedia() { listener.earlyMedia(this); }
        void end(HangupCause cause) {
            endedByPhone = true;
            listener.ended(this, cause);
        }

        @Override public String toString() { return device; }
    }

    /** Media of one leg: what it currently hears (a prompt, another leg, or nothing) and how often it was released. */
    static final class FakeMedia implements MediaLeg {
        final List<String> history = new CopyOnWriteArrayList<>();
        final AtomicInteger releases = new AtomicInteger();
        private volatile Object hearing;

        @Override
        public void bridgeWith(MediaLeg other) {
            FakeMedia o = (FakeMedia) other;
            hearing = o;
            o.hearing = this;
            history.add("bridge");
            o.history.add("bridge");
        }

        @Override
        public void play(Prompt prompt, String customerCode) {
            hearing = prompt;
            history.add("play " + prompt);
        }

        @Override
        public void silence() {
            hearing = null;
            history.add("silence");
        }

        @Override public long lastReceivedNanos() { return System.nanoTime(); }

        /** Set by a test: the phone put the leg on hold at {@link #heldSince}. */
        volatile boolean held;
        volatile long heldSince;

        @Override public boolean held() { return held; }

        @Override public long heldSinceNanos() { return heldSince; }

        @Override public void release() { releases.incrementAndGet(); }

        Object hearing() { return hearing; }

        boolean hears(FakeMedia other) { return hearing == other && other.hearing == this; }
    }
}
