package org.dialtone.sip.trunk;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.sip.ClientTransactionHandler;
import org.dialtone.sip.NonInviteClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one trunk with OPTIONS every {@code options_interval} (the first right at start) and marks it up or down.
 * Any response, even 404/405/501, proves the trunk alive. A probe that is still unanswered when the next one is due,
 * or that timed out or hit a transport error, is a miss; after {@value #MISSES_FOR_DOWN} misses in a row the trunk is
 * down, and the first answer brings it up again. A trunk starts up, so calls are not refused in the first seconds
 * after start. Each change is logged once. One Call-ID with a rising CSeq for the keepalive's life.
 */
public final class TrunkKeepalive implements ClientTransactionHandler {
    private static final Logger log = LoggerFactory.getLogger(TrunkKeepalive.class);
    static final int MISSES_FOR_DOWN = 2;

    private final TrunkState state;
    private final NonInviteClient sip;
    private final ScheduledExecutorService timers;
    private final Duration interval;
    private final NextHop hop;
    private final String targetUri;
    private final String fromUri;
    private final String callId;
    private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    // guarded by this
    private long cseq;
    private ClientTransaction outstanding;
    private boolean outstandingSettled = true;
    private int misses;
    private ScheduledFuture<?> ticks;
    private boolean stopped;

    /** @throws IllegalArgumentException when the trunk has no keepalive interval */
    public TrunkKeepalive(TrunkState state, NonInviteClient sip, ScheduledExecutorService timers) {
        Trunk trunk = state.trunk();
        if (trunk.optionsInterval() == null || !trunk.optionsInterval().isPositive()) {
            throw new IllegalArgumentException("trunk " + trunk.name() + " has no OPTIONS keepalive");
        }
        this.state = state;
        this.sip = sip;
        this.timers = timers;
        this.interval = trunk.optionsInterval();
        this.hop = NextHop.of(trunk);
        String host = NextHop.uriHost(trunk.host());
        this.targetUri = "sip:" + host + ":" + trunk.port();
        String user = trunk.credentials() != null ? trunk.credentials().username() : "dialtone";
        this.fromUri = "sip:" + user + "@" + host;
        this.callId = sip.newCallId(hop.transport());
    }

    /** Sends the first OPTIONS now (from the timer thread), then one every interval. */
    public synchronized void start() {
        sip.route(callId, hop.host(), hop.port(), hop.transport());
        ticks = timers.scheduleWithFixedDelay(this::probeSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        synchronized (this) {
            stopped = true;
            if (ticks != null) ticks.cancel(false);
        }
        sip.forget(callId);
    }

    public TrunkState state() { return state; }

    /** Probes missed in a row (0 after any answer). */
    public synchronized int misses() { return misses; }

    private void probeSafely() {
        try {
            probe();
        } catch (RuntimeException e) { // a periodic task that throws is never run again
            log.warn("trunk {}: keepalive probe failed unexpectedly", state.name(), e);
        }
    }

    private void probe() {
        ClientTransaction tx;
        synchronized (this) {
            if (stopped) return;
            if (!outstandingSettled) missed("no answer within " + interval.toMillis() + " ms");
            outstandingSettled = false;
            try {
                Request options = sip.request(Request.OPTIONS, targetUri, fromUri, fromTag, targetUri, callId, ++cseq,
                        hop.transport());
                options.addHeader(sip.headers().createAcceptHeader("application", "sdp"));
                tx = sip.newTransaction(options, hop.transport(), this);
            } catch (Exception e) {
                outstanding = null;
                outstandingSettled = true;
                missed("could not build OPTIONS: " + e.getMessage());
                return;
            }
            outstanding = tx;
        }
        try {
            tx.sendRequest();
        } catch (Exception e) {
            settleAsMiss(tx, "could not send OPTIONS: " + e.getMessage());
        }
    }

    @Override
    public void onResponse(ClientTransaction tx, Response response) {
        synchronized (this) {
            if (tx == outstanding) outstandingSettled = true;
            misses = 0; // any answer, even a late one or an error status, proves the trunk alive
            if (stopped || state.isUp()) return;
            state.markUp(true);
        }
        log.info("trunk {}: up again (answered OPTIONS with {})", state.name(), response.getStatusCode());
    }

    @Override
    public void onTimeout(ClientTransaction tx) { settleAsMiss(tx, "OPTIONS timed out"); }

    @Override
    public void onTransportError(ClientTransaction tx) { settleAsMiss(tx, "transport error"); }

    private synchronized void settleAsMiss(ClientTransaction tx, String why) {
        if (tx != outstanding || outstandingSettled) return; // an older probe: already counted when the next was sent
        outstandingSettled = true;
        missed(why);
    }

    /** Counts a miss (monitor held); the second in a row takes the trunk down. */
    private void missed(String why) {
        misses++;
        log.debug("trunk {}: keepalive miss {} ({})", state.name(), misses, why);
        if (misses >= MISSES_FOR_DOWN && state.isUp() && !stopped) {
            state.markUp(false);
            log.warn("trunk {} is down: {} OPTIONS to {} in a row unanswered (last: {})", state.name(), misses, hop, why);
        }
    }
}
