package org.dialtone.sip.trunk;

import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.header.ContactHeader;
import javax.sip.header.Header;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.core.trunk.TrunkCredentials;
import org.dialtone.sip.ClientTransactionHandler;
import org.dialtone.sip.NonInviteClient;
import org.dialtone.sip.auth.ClientDigest;
import org.dialtone.sip.auth.DigestParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the switch registered with one trunk (RFC 3261 §10.2): REGISTER {@code sip:<host>} for
 * {@code sip:<username>@<host>} with our Contact, sent to the trunk (or its outbound proxy). One Call-ID and a rising
 * CSeq for the registration's whole life. Digest challenges (401/407) are answered once; a new challenge right after
 * our answer is a failure unless it says {@code stale=true}. A 423 raises the expiry to the registrar's Min-Expires
 * once. On 2xx the trunk counts as registered and a refresh is scheduled before the granted expiry runs out; on
 * failure (error response, timeout, transport error) it counts as not registered and is retried with back-off.
 * <p>
 * State changes are logged once at INFO, failures at WARN; the password never appears in a log. Thread-safe: stack
 * callbacks and timer tasks meet under this object's monitor, and nothing is sent while it is held.
 */
public final class TrunkRegistration implements ClientTransactionHandler {
    private static final Logger log = LoggerFactory.getLogger(TrunkRegistration.class);
    /** Answers to challenges in one attempt: the first one per realm, plus renewals of stale nonces. */
    static final int MAX_ANSWERS_PER_ATTEMPT = 4;
    static final long MAX_EXPIRY_SECONDS = 86_400;
    /** Asked for when the trunk names no expiry (the configuration's default). */
    static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(600);

    private enum Mode { REGISTERING, UNREGISTERING, STOPPED }

    /** A challenge we answer in every request of the current attempt, with its nonce count. */
    private static final class Answer {
        final ClientDigest.Challenge challenge;
        final boolean proxy;
        int nc;

        Answer(ClientDigest.Challenge challenge, boolean proxy) {
            this.challenge = challenge;
            this.proxy = proxy;
        }
    }

    private final TrunkState state;
    private final TrunkCredentials credentials;
    private final NonInviteClient sip;
    private final ScheduledExecutorService timers;
    private final NextHop hop;
    private final String registrarUri;
    private final String aor;
    private final String callId;
    private final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final ContactHeader contact;

    // guarded by this
    private Mode mode = Mode.REGISTERING;
    private long cseq;
    private Duration requested;
    private ClientTransaction current;
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private int answered;
    private boolean raisedToMinExpires;
    private int failures;
    private Duration granted;
    private String lastFailure;
    private ScheduledFuture<?> next;
    private CompletableFuture<Void> unregistered;

    /**
     * @throws IllegalArgumentException when the trunk does not register or has no credentials
     */
    public TrunkRegistration(TrunkState state, NonInviteClient sip, ScheduledExecutorService timers) {
        Trunk trunk = state.trunk();
        if (!trunk.register() || trunk.credentials() == null) {
            throw new IllegalArgumentException("trunk " + trunk.name() + " does not register (register and credentials needed)");
        }
        this.state = state;
        this.credentials = trunk.credentials();
        this.sip = sip;
        this.timers = timers;
        this.hop = NextHop.of(trunk);
        String host = NextHop.uriHost(trunk.host());
        this.registrarUri = "sip:" + host;
        this.aor = "sip:" + credentials.username() + "@" + host;
        this.requested = trunk.registerExpiry() != null && trunk.registerExpiry().isPositive() ? trunk.registerExpiry()
                : DEFAULT_EXPIRY;
        this.callId = sip.newCallId(hop.transport());
        try {
            this.contact = sip.contact(hop.transport());
        } catch (ParseException e) {
            throw new IllegalStateException("our own Contact does not parse", e);
        }
    }

    /** Sends the first REGISTER (from the timer thread, right away). */
    public synchronized void start() {
        sip.route(callId, hop.host(), hop.port(), hop.transport());
        schedule(Duration.ZERO);
    }

    public TrunkState state() { return state; }

    /** Failed attempts since the last success. */
    public synchronized int consecutiveFailures() { return failures; }

    /** What the registrar granted the last time it accepted us. */
    public synchronized Optional<Duration> grantedExpiry() { return Optional.ofNullable(granted); }

    /** Why the last attempt failed (status line, "no response", ...), while the failures go on. */
    public synchronized Optional<String> lastFailure() { return Optional.ofNullable(lastFailure); }

    /**
     * Stops refreshing and, if registered (or a REGISTER is under way), sends REGISTER with {@code Expires: 0}. The
     * future completes when the registrar answered it (or it failed); it never completes exceptionally.
     */
    public CompletableFuture<Void> unregister() {
        Request request;
        synchronized (this) {
            if (mode != Mode.REGISTERING) return unregistered != null ? unregistered : CompletableFuture.completedFuture(null);
            cancelNext();
            unregistered = new CompletableFuture<>();
            if (!state.isRegistered() && current == null) {
                finish(null);
                return unregistered;
            }
            mode = Mode.UNREGISTERING;
            current = null; // an answer to a REGISTER still under way no longer matters
            newAttempt();
            request = buildOrFail();
        }
        if (request != null) transmit(request);
        return unregistered;
    }

    /** Stops for good: no more requests, the route is forgotten, the trunk counts as not registered. */
    public void stop() {
        synchronized (this) {
            cancelNext();
            current = null;
            if (mode != Mode.STOPPED) finish(null);
        }
        sip.forget(callId);
    }

    private void attempt() {
        Request request;
        synchronized (this) {
            if (mode != Mode.REGISTERING || current != null) return;
            newAttempt();
            request = buildOrFail();
        }
        if (request != null) transmit(request);
    }

    private void newAttempt() {
        answers.clear();
        answered = 0;
        raisedToMinExpires = false;
    }

    /** Sends outside the monitor: creating the transaction records it as current first. */
    private void transmit(Request request) {
        ClientTransaction tx = null;
        try {
            synchronized (this) {
                if (mode == Mode.STOPPED) return;
                tx = sip.newTransaction(request, hop.transport(), this);
                current = tx;
            }
            tx.sendRequest();
        } catch (Exception e) {
            synchronized (this) {
                if (tx != current) return; // tx null: no transaction was created, and current is still null
                current = null;
                failed("could not send REGISTER: " + e.getMessage(), null);
            }
        }
    }

    @Override
    public void onResponse(ClientTransaction tx, Response response) {
        int status = response.getStatusCode();
        if (status < 200) return;
        Request retry = null;
        synchronized (this) {
            if (tx != current) return; // answers a REGISTER we no longer wait for
            current = null;
            if (status < 300) succeeded(response);
            else if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) retry = challenged(response);
            else if (status == Response.INTERVAL_TOO_BRIEF) retry = intervalTooBrief(response);
            else failed(statusLine(response), RegistrationTiming.retryAfter(response));
        }
        if (retry != null) transmit(retry);
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        synchronized (this) {
            if (tx != current) return;
            current = null;
            failed("no response", null);
        }
    }

    @Override
    public void onTransportError(ClientTransaction tx) {
        synchronized (this) {
            if (tx != current) return;
            current = null;
            failed("transport error", null);
        }
    }

    private void succeeded(Response ok) {
        if (mode == Mode.UNREGISTERING) {
            finish("unregistered");
            return;
        }
        if (mode != Mode.REGISTERING) return;
        granted = RegistrationTiming.granted(ok, contact, requested);
        failures = 0;
        lastFailure = null;
        boolean was = state.isRegistered();
        state.markRegistered(true);
        if (!was) log.info("trunk {}: registered as {} at {} for {} s", state.name(), credentials.username(), hop, granted.toSeconds());
        else log.debug("trunk {}: registration refreshed for {} s", state.name(), granted.toSeconds());
        schedule(RegistrationTiming.refreshDelay(granted));
    }

    /** The request answering a 401/407, or null when we give up (then the failure is handled). */
    private Request challenged(Response response) {
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        ClientDigest.Challenge challenge = null;
        boolean stale = false;
        String problem = "no Digest challenge";
        ListIterator<?> it = response.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        while (challenge == null && it != null && it.hasNext()) {
            String value = headerValue((Header) it.next());
            try {
                challenge = ClientDigest.parseChallenge(value);
                stale = ClientDigest.isStale(value);
            } catch (DigestParseException e) {
                problem = e.getMessage();
            }
        }
        if (challenge == null) {
            failed(statusLine(response) + " that we cannot answer (" + problem + ")", null);
            return null;
        }
        String key = (proxy ? "proxy:" : "") + challenge.realm();
        if (answers.containsKey(key) && !stale) {
            failed(statusLine(response) + " again after our answer: credentials rejected for realm \"" + challenge.realm() + '"', null);
            return null;
        }
        if (++answered > MAX_ANSWERS_PER_ATTEMPT) {
            failed("challenged " + answered + " times in a row", null);
            return null;
        }
        answers.put(key, new Answer(challenge, proxy));
        return buildOrFail();
    }

    /** RFC 3261 §10.2.8: ask again once with the registrar's Min-Expires (if it is sane). */
    private Request intervalTooBrief(Response response) {
        MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
        if (mode != Mode.REGISTERING || raisedToMinExpires || min == null || min.getExpires() <= requested.toSeconds()
                || min.getExpires() > MAX_EXPIRY_SECONDS) {
            failed(statusLine(response) + (min == null ? "" : " (Min-Expires " + min.getExpires() + ")"), null);
            return null;
        }
        raisedToMinExpires = true;
        requested = Duration.ofSeconds(min.getExpires());
        log.info("trunk {}: the registrar wants an expiry of at least {} s; asking for that", state.name(), min.getExpires());
        return buildOrFail();
    }

    /** The attempt failed (the monitor is held and {@code current} cleared): back off and try again. */
    private void failed(String problem, Duration retryAfter) {
        if (mode == Mode.UNREGISTERING) {
            finish("un-REGISTER failed: " + problem);
            return;
        }
        if (mode != Mode.REGISTERING) return;
        failures++;
        lastFailure = problem;
        boolean was = state.isRegistered();
        state.markRegistered(false);
        Duration delay = RegistrationTiming.retryDelay(failures, retryAfter);
        log.warn("trunk {}: REGISTER to {} failed: {}{}; next attempt in {} s", state.name(), hop, problem,
                was ? "; no longer registered" : "", delay.toSeconds());
        schedule(delay);
    }

    /** Ends un-registering (or registering at all): not registered any more, whoever waits is told. */
    private void finish(String outcome) {
        boolean was = state.isRegistered();
        mode = Mode.STOPPED;
        state.markRegistered(false);
        if (outcome != null) log.info("trunk {}: {}", state.name(), outcome);
        else if (was) log.info("trunk {}: no longer registered (stopped)", state.name());
        if (unregistered != null) unregistered.complete(null);
    }

    private Request buildOrFail() {
        try {
            return build();
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            failed("could not build REGISTER: " + e.getMessage(), null);
            return null;
        }
    }

    private Request build() throws ParseException, InvalidArgumentException {
        long expiry = mode == Mode.UNREGISTERING ? 0 : requested.toSeconds();
        Request r = sip.request(Request.REGISTER, registrarUri, aor, fromTag, aor, callId, ++cseq, hop.transport());
        r.addHeader((Header) contact.clone());
        r.addHeader(sip.headers().createExpiresHeader((int) expiry));
        for (Answer a : answers.values()) {
            a.nc++;
            r.addHeader(sip.headers().createHeader(a.proxy ? "Proxy-Authorization" : "Authorization",
                    ClientDigest.answer(a.challenge, credentials, Request.REGISTER, registrarUri, a.nc)));
        }
        return r;
    }

    private void schedule(Duration delay) {
        cancelNext();
        next = timers.schedule(this::attemptSafely, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attemptSafely() {
        try {
            attempt();
        } catch (RuntimeException e) {
            log.warn("trunk {}: registration attempt failed unexpectedly", state.name(), e);
            synchronized (this) {
                if (current == null) failed("internal error: " + e, null);
            }
        }
    }

    private void cancelNext() {
        if (next != null) next.cancel(false);
        next = null;
    }

    private static String statusLine(Response r) {
        return r.getStatusCode() + (r.getReasonPhrase() == null ? "" : " " + r.getReasonPhrase());
    }

    /** {@code Digest realm=...} out of a parsed header: JAIN-SIP prints {@code Name: value CRLF}. */
    private static String headerValue(Header h) {
        String s = h.toString();
        return s.substring(s.indexOf(':') + 1).strip();
    }
}
