package org.dialtone.sip;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.location.RegistrationRepository;
import org.dialtone.media.MediaEngine;
import org.dialtone.sip.auth.AuthFailureLimiter;
import org.dialtone.sip.auth.DigestAlgorithm;
import org.dialtone.sip.auth.DigestAuthenticator;
import org.dialtone.sip.trunk.Trunks;

/** A {@link SipServer} wired as the application wires it, for adapter tests (MD5 digest, default limits). */
public final class TestSipServers {
    private TestSipServers() {}

    /** A running server; closing the returned handle closes the server and its trunk timer thread. */
    public record Running(SipServer server, ScheduledExecutorService trunkTimers) implements AutoCloseable {
        @Override public void close() {
            server.close();
            trunkTimers.shutdownNow();
        }
    }

    /** Starts a server whose signalling port is handed to {@code calls}' core through {@code onSignalling}. */
    public static Running start(SipSettings settings, Directory directory, RegistrationRepository registrations,
                                MediaEngine media, CallIntake calls, Trunks trunks,
                                java.util.function.Consumer<org.dialtone.core.signalling.SignallingPort> onSignalling)
            throws Exception {
        Clock clock = Clock.systemUTC();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        var auth = new SipAuthentication(
                new DigestAuthenticator(secret, settings.realm(), settings.nonceLifetime(), clock)
                        .offering(List.of(DigestAlgorithm.MD5)),
                new AuthFailureLimiter(settings.authFailuresPerMinute(), Duration.ofMinutes(1),
                        AuthFailureLimiter.DEFAULT_MAX_SOURCES, clock),
                new AuthFailureLimiter(10 * settings.authFailuresPerMinute(), Duration.ofMinutes(1),
                        AuthFailureLimiter.DEFAULT_MAX_SOURCES, clock));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("trunk-timers-test").daemon().factory());
        try {
            SipServer server = new SipServer(settings, directory, registrations, media, calls, trunks, auth, timers);
            onSignalling.accept(server.signallingPort());
            return new Running(server, timers);
        } catch (Exception | Error e) {
            timers.shutdownNow();
            throw e;
        }
    }
}
