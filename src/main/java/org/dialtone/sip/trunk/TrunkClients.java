package org.dialtone.sip.trunk;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dialtone.sip.NonInviteClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the switch sends to its trunks on its own: a {@link TrunkRegistration} for every trunk with
 * {@code register: true} and a {@link TrunkKeepalive} for every trunk with an OPTIONS interval. Timers run on the
 * executor handed in (which this object does not own), so tests can drive time. {@link #close()} un-REGISTERs, waiting
 * at most the configured bound.
 */
public final class TrunkClients implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrunkClients.class);
    public static final Duration DEFAULT_UNREGISTER_WAIT = Duration.ofSeconds(2);

    private final Map<String, TrunkRegistration> registrations = new LinkedHashMap<>();
    private final Map<String, TrunkKeepalive> keepalives = new LinkedHashMap<>();
    private final Duration unregisterWait;
    private boolean started;
    private boolean closed;

    public TrunkClients(Trunks trunks, NonInviteClient sip, ScheduledExecutorService timers) {
        this(trunks, sip, timers, DEFAULT_UNREGISTER_WAIT);
    }

    /** @param unregisterWait how long {@link #close()} waits for the registrars to confirm un-REGISTER */
    public TrunkClients(Trunks trunks, NonInviteClient sip, ScheduledExecutorService timers, Duration unregisterWait) {
        this.unregisterWait = unregisterWait;
        for (TrunkState state : trunks.all()) {
            var trunk = state.trunk();
            if (trunk.register()) {
                if (trunk.credentials() == null) {
                    log.warn("trunk {}: register is set but there are no credentials; not registering", trunk.name());
                } else {
                    registrations.put(trunk.name(), new TrunkRegistration(state, sip, timers));
                }
            }
            if (trunk.optionsInterval() != null && trunk.optionsInterval().isPositive()) {
                keepalives.put(trunk.name(), new TrunkKeepalive(state, sip, timers));
            }
        }
    }

    /** Sends the first REGISTERs and OPTIONS. */
    public synchronized void start() {
        if (started || closed) return;
        started = true;
        registrations.values().forEach(TrunkRegistration::start);
        keepalives.values().forEach(TrunkKeepalive::start);
        if (!registrations.isEmpty() || !keepalives.isEmpty()) {
            log.info("trunks: registering with {}, keepalive to {}", names(registrations), names(keepalives));
        }
    }

    public Optional<TrunkRegistration> registration(String trunk) { return Optional.ofNullable(registrations.get(trunk)); }

    public Optional<TrunkKeepalive> keepalive(String trunk) { return Optional.ofNullable(keepalives.get(trunk)); }

    /** Stops the keepalives, un-REGISTERs (best effort, bounded wait), then stops the registrations. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        keepalives.values().forEach(TrunkKeepalive::stop);
        List<CompletableFuture<Void>> pending = registrations.values().stream().map(TrunkRegistration::unregister).toList();
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(unregisterWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.info("trunks: not every registrar confirmed the un-REGISTER within {} ms; going on", unregisterWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // unregister() futures never fail
        }
        registrations.values().forEach(TrunkRegistration::stop);
    }

    private static String names(Map<String, ?> m) { return m.isEmpty() ? "none" : String.join(", ", m.keySet()); }
}
