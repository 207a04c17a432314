package org.dialtone.core.parking;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every customer's parking lot and every park episode: claiming a spot (atomic), the park timeout, and how each park
 * ended. What happens to the parked call itself (music, ringing the parker back, bridging on retrieval) is the call's
 * business: on timeout this service only calls the {@code onTimeout} given at claim time, on the timer thread, and the
 * call hands that to its own mailbox.
 *
 * @param <T> what a spot holds (the core's record of the parked channel)
 */
public final class ParkingService<T> {
    private static final Logger log = LoggerFactory.getLogger(ParkingService.class);

    /** Spots {@code firstSpot..lastSpot} in every customer's lot; {@code timeout} zero = parked calls never time out. */
    public record Settings(int firstSpot, int lastSpot, Duration timeout) {}

    private final Settings settings;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    /** The lots' shape (range, spot syntax); each customer's own lot is created on first use. */
    private final ParkingLot<Parking<T>> shape;
    private final ConcurrentHashMap<String, ParkingLot<Parking<T>>> lots = new ConcurrentHashMap<>();
    private final Map<ParkResolution, AtomicLong> ended = new EnumMap<>(ParkResolution.class);
    private final Map<Parking<T>, Consumer<Parking<T>>> callbacks = new ConcurrentHashMap<>();

    public ParkingService(Settings settings, ScheduledExecutorService timers, Clock clock) {
        this.settings = settings;
        this.timers = timers;
        this.clock = clock;
        for (ParkResolution r : ParkResolution.values()) ended.put(r, new AtomicLong());
        this.shape = new ParkingLot<>(settings.firstSpot(), settings.lastSpot(), settings.timeout());
    }

    /** Whether {@code number} is a spot of the lots ("703" is, "0703" is not). Same range for every customer. */
    public boolean isSpot(String number) { return shape.contains(number); }

    /** The lots' range, e.g. {@code 701-710}. */
    public String range() { return shape.range(); }

    public Duration timeout() { return settings.timeout(); }

    /** Every spot of the lots, in order (the same for every customer). */
    public List<String> spots() { return shape.spots(); }

    /** The park in {@code spot} of {@code customerCode}'s lot, if the spot is taken. */
    public Optional<Parking<T>> occupant(String customerCode, String spot) {
        if (!isSpot(spot)) return Optional.empty();
        return lot(customerCode).occupant(spot);
    }

    /**
     * Puts {@code occupant} into {@code spot} if it is empty and arms the park timeout. Returns the new park, or empty
     * when the spot is taken. {@code onTimeout} runs on the timer thread when the park times out.
     */
    public Optional<Parking<T>> claim(String customerCode, String spot, T occupant, String parkerNumber,
                                      Consumer<Parking<T>> onTimeout) {
        Parking<T> p = new Parking<>(customerCode, spot, occupant, parkerNumber, clock.instant());
        if (!lot(customerCode).claim(spot, p)) return Optional.empty();
        callbacks.put(p, onTimeout);
        arm(p);
        return Optional.of(p);
    }

    /** Arms the timeout of {@code p} again (the parker did not answer the call-back). No-op once it ended. */
    public void rearm(Parking<T> p) { arm(p); }

    private void arm(Parking<T> p) {
        long ms = settings.timeout().toMillis();
        synchronized (p) {
            if (p.resolution != null) return;
            if (ms <= 0) {
                p.timeoutAt = null;
                return;
            }
            p.timeoutAt = clock.instant().plusMillis(ms);
            p.timer = timers.schedule(() -> fire(p), ms, TimeUnit.MILLISECONDS);
        }
    }

    private void fire(Parking<T> p) {
        Consumer<Parking<T>> callback = callbacks.get(p);
        synchronized (p) {
            if (p.resolution != null || callback == null) return;
        }
        callback.accept(p);
    }

    /** Ends {@code p} as {@code how}: frees the spot and stops its timer. Returns false if it had ended already. */
    public boolean end(Parking<T> p, ParkResolution how) {
        synchronized (p) {
            if (p.resolution != null) return false;
            p.resolution = how;
            if (p.timer != null) p.timer.cancel(false);
            p.timer = null;
        }
        callbacks.remove(p);
        lot(p.customerCode()).release(p.spot(), p);
        ended.get(how).incrementAndGet();
        log.info("park in {}/{} ended: {}", p.customerCode(), p.spot(), how.wire());
        return true;
    }

    /** Parks that ended as {@code how} since start (a metric). */
    public long endedCount(ParkResolution how) { return ended.get(how).get(); }

    /** Calls parked now, across all customers. */
    public int parkedNow() { return lots.values().stream().mapToInt(ParkingLot::occupied).sum(); }

    private ParkingLot<Parking<T>> lot(String customerCode) {
        return lots.computeIfAbsent(customerCode,
                c -> new ParkingLot<>(settings.firstSpot(), settings.lastSpot(), settings.timeout()));
    }
}
