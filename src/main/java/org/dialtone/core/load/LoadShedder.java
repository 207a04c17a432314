package org.dialtone.core.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload control: refuses new calls while any {@link Trigger} is at or over its limit, so that the switch sheds
 * load before its memory or threads run out instead of accepting calls it would fail later.
 * <p>
 * Each new call is decided on the triggers' values at that moment ({@link #refusal()}). Shedding is an
 * <em>episode</em>: it starts with the first refusal (or a periodic {@link #evaluate()} that finds a trigger over) and
 * ends once no trigger has been over for {@code calm}; one log line marks its start and one its end, however many
 * calls were refused in between. The episode is what {@code /health} reports as {@code degraded}.
 */
public final class LoadShedder implements Admission {
    private static final Logger log = LoggerFactory.getLogger(LoadShedder.class);

    /**
     * One thing that can be over its limit.
     *
     * @param name  short name, used as metric tag and in logs ({@code calls}, {@code heap}, {@code sip_queue})
     * @param value its current value, cheap to read (it is read for every new call)
     * @param limit the value at and above which new calls are refused; 0 or less: this trigger is off
     * @param unit  how to show a value in logs: {@code "%"} for a share shown as a percentage, else a plain number
     */
    public record Trigger(String name, DoubleSupplier value, double limit, String unit) {
        public boolean enabled() { return limit > 0; }

        boolean over(double current) { return enabled() && current >= limit; }

        String describe(double current) {
            return "%".equals(unit) ? String.format("%s %.0f%% >= %.0f%%", name, current * 100, limit * 100)
                    : String.format("%s %.0f >= %.0f", name, current, limit);
        }
    }

    private final List<Trigger> triggers;
    private final Duration retryAfter;
    private final long calmNanos;
    private final LongSupplier nanoClock;
    private final double[] lastValues;
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean shedding;
    private long episodeStart;
    private long lastOver;
    private long refusedAtStart;

    /**
     * @param retryAfter what refused callers are told to wait
     * @param calm       how long no trigger must be over before an episode ends
     */
    public LoadShedder(List<Trigger> triggers, Duration retryAfter, Duration calm) {
        this(triggers, retryAfter, calm, System::nanoTime);
    }

    LoadShedder(List<Trigger> triggers, Duration retryAfter, Duration calm, LongSupplier nanoClock) {
        this.triggers = List.copyOf(triggers);
        this.retryAfter = retryAfter;
        this.calmNanos = calm.toNanos();
        this.nanoClock = nanoClock;
        this.lastValues = new double[triggers.size()];
    }

    @Override
    public Optional<Refusal> refusal() {
        List<String> over = overNow();
        if (over.isEmpty()) return Optional.empty();
        String reason = String.join(", ", over);
        markOver(reason);
        refused.incrementAndGet();
        return Optional.of(new Refusal(reason, retryAfter));
    }

    /** Re-reads every trigger, starting or ending the shedding episode; call it periodically (e.g. every 250 ms). */
    public void evaluate() {
        List<String> over = overNow();
        if (!over.isEmpty()) {
            markOver(String.join(", ", over));
            return;
        }
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (shedding && now - lastOver >= calmNanos) {
                shedding = false;
                log.info("Overload over: taking new calls again after {} s of shedding, {} new call(s) refused",
                        Duration.ofNanos(now - episodeStart).toSeconds(), refused.get() - refusedAtStart);
            }
        }
    }

    private List<String> overNow() {
        List<String> over = null;
        for (int i = 0; i < triggers.size(); i++) {
            Trigger t = triggers.get(i);
            if (!t.enabled()) continue;
            double value = t.value().getAsDouble();
            lastValues[i] = value;
            if (t.over(value)) {
                if (over == null) over = new ArrayList<>(2);
                over.add(t.describe(value));
            }
        }
        return over == null ? List.of() : over;
    }

    private synchronized void markOver(String reason) {
        lastOver = nanoClock.getAsLong();
        if (shedding) return;
        shedding = true;
        episodeStart = lastOver;
        refusedAtStart = refused.get();
        log.warn("Overload: shedding load ({}): new calls get 503 with Retry-After {} s until it passes; calls "
                + "already up go on", reason, retryAfter.toSeconds());
    }

    /** Whether a shedding episode is on (from the first refusal until no trigger has been over for the calm time). */
    public boolean shedding() { return shedding; }

    /** New calls refused since start. */
    public long refused() { return refused.get(); }

    public List<Trigger> triggers() { return triggers; }

    /** Whether {@code trigger} (one of {@link #triggers()}) was at or over its limit when last read. */
    public boolean over(Trigger trigger) {
        int i = triggers.indexOf(trigger);
        return i >= 0 && trigger.over(lastValues[i]);
    }

    /** What {@code /health} shows: shedding or not, and each enabled trigger's value and limit. */
    public Map<String, Object> snapshot() {
        Map<String, Object> triggerStates = new LinkedHashMap<>();
        for (int i = 0; i < triggers.size(); i++) {
            Trigger t = triggers.get(i);
            if (!t.enabled()) continue;
            triggerStates.put(t.name(), Map.of("value", lastValues[i], "limit", t.limit(),
                    "over", t.over(lastValues[i])));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("shedding", shedding);
        s.put("refused", refused.get());
        s.put("triggers", triggerStates);
        return s;
    }

    public Duration retryAfter() { return retryAfter; }
}
