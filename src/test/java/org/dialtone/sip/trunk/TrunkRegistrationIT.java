package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.sip.trunk.TestTrunks.CARRIER;
import static org.dialtone.sip.trunk.TestTrunks.CREDENTIALS;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.dialtone.core.trunk.TrunkCredentials;
import org.dialtone.sip.TestSipEndpoint;
import org.dialtone.testing.ManualScheduler;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REGISTER client against sipp registrars on 127.0.0.2 that check what a carrier would: the digest (sipp
 * verifyauth), the form of the request, one Call-ID for the registration's life, a refresh in time.
 */
class TrunkRegistrationIT {
    private static final Duration T = Duration.ofSeconds(10);

    private TestSipEndpoint sip;
    private LogCapture logs;

    @BeforeEach
    void open() throws Exception {
        sip = new TestSipEndpoint();
        logs = new LogCapture("org.dialtone", "gov.nist");
    }

    @AfterEach
    void close() {
        logs.close();
        sip.close();
    }

    @Test
    void registersWithDigestRefreshesBeforeTheGrantRunsOutAndUnregistersOnClose() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (Sipp registrar = Sipp.scenario("trunk-registrar-refresh.xml").localAddress(CARRIER)
                .timeout(Duration.ofSeconds(30)).args("-trace_msg").start()) {
            Trunks trunks = new Trunks(List.of(TestTrunks.registering("carrier1", registrar.sipPort(), CREDENTIALS,
                    Duration.ofSeconds(600))));
            TrunkState state = trunks.byName("carrier1").orElseThrow();
            long registeredAt;
            try (TrunkClients clients = new TrunkClients(trunks, sip.client(), timers)) {
                clients.start();
                TrunkRegistration registration = clients.registration("carrier1").orElseThrow();
                await("registered").atMost(T).until(state::isRegistered);
                registeredAt = System.nanoTime();
                assertThat(registration.grantedExpiry()).as("the registrar's grant, not what we asked")
                        .contains(Duration.ofSeconds(6));

                // the second grant (60 s) is the answer to the refresh of the first (6 s): refreshed after about 3 s
                await("refreshed").atMost(T).until(() -> registration.grantedExpiry().equals(Optional.of(Duration.ofSeconds(60))));
                assertThat(Duration.ofNanos(System.nanoTime() - registeredAt)).as("refresh of a 6 s grant")
                        .isBetween(Duration.ofMillis(2000), Duration.ofMillis(6000));
                assertThat(state.isRegistered()).isTrue();
                assertThat(registration.consecutiveFailures()).isZero();
            } finally {
                timers.shutdownNow();
            }
            assertThat(state.isRegistered()).as("after close").isFalse();
            Sipp.Result result = registrar.await(T);
            assertThat(result.exitCode()).as(result.summary()).isZero();

            List<String[]> registers = receivedRegisters(registrar.dir());
            assertThat(registers).as("first + answer, refresh + answer, un-REGISTER + answer").hasSize(6);
            assertThat(registers.stream().map(r -> r[0]).distinct()).as("one Call-ID for the registration's life").hasSize(1);
            List<Long> cseqs = registers.stream().map(r -> Long.parseLong(r[1])).toList();
            assertThat(cseqs).as("CSeq rises with every REGISTER").isSorted().doesNotHaveDuplicates();
        }
        assertThat(logs.messages(Level.INFO).stream().filter(m -> m.contains("registered as trunkuser")))
                .as("becoming registered is logged once, refreshes are not").hasSize(1);
        assertThat(logs.messages(Level.WARN)).isEmpty();
        assertThat(logs.everything()).doesNotContain("trunkpass");
    }

    @Test
    void backsOffAfterFailuresHonouringRetryAfterAndRegistersWhenTheRegistrarAccepts() throws Exception {
        ManualScheduler timers = new ManualScheduler();
        try (Sipp registrar = Sipp.scenario("trunk-registrar-failing.xml").localAddress(CARRIER).start()) {
            Trunks trunks = new Trunks(List.of(TestTrunks.registering("carrier1", registrar.sipPort(), CREDENTIALS,
                    Duration.ofSeconds(600))));
            TrunkState state = trunks.byName("carrier1").orElseThrow();
            try (TrunkClients clients = new TrunkClients(trunks, sip.client(), timers, T)) {
                clients.start();
                TrunkRegistration registration = clients.registration("carrier1").orElseThrow();
                timers.runDue();

                await("503").atMost(T).until(() -> registration.consecutiveFailures() == 1);
                assertThat(registration.lastFailure()).contains("503 Service Unavailable"); // the status line, exactly
                assertThat(state.isRegistered()).isFalse();
                assertThat(timers.pendingDelays()).as("Retry-After: 7 honoured").containsExactly(Duration.ofSeconds(7));

                timers.advance(Duration.ofSeconds(7));
                await("first 403").atMost(T).until(() -> registration.consecutiveFailures() == 2);
                assertThat(registration.lastFailure()).contains("403 Forbidden");
                assertThat(timers.pendingDelays()).as("second failure in a row").containsExactly(Duration.ofSeconds(10));

                timers.advance(Duration.ofSeconds(10));
                await("second 403").atMost(T).until(() -> registration.consecutiveFailures() == 3);
                assertThat(timers.pendingDelays()).as("third failure in a row").containsExactly(Duration.ofSeconds(20));
                assertThat(state.isRegistered()).isFalse();

                timers.advance(Duration.ofSeconds(20));
                await("accepted at last").atMost(T).until(state::isRegistered);
                assertThat(registration.consecutiveFailures()).isZero();
                assertThat(registration.lastFailure()).isEmpty();
                assertThat(timers.pendingDelays()).as("refresh at 80 % of the 120 s granted")
                        .containsExactly(Duration.ofSeconds(96));
            }
            assertThat(state.isRegistered()).isFalse();
            Sipp.Result result = registrar.await(T);
            assertThat(result.exitCode()).as("all five REGISTERs (the last one Expires: 0)\n" + result.summary()).isZero();
        }
        List<String> warnings = logs.messages(Level.WARN);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("carrier1", "503 Service Unavailable", "next attempt in 7 s");
        assertThat(warnings.get(1)).contains("403 Forbidden", "next attempt in 10 s");
        assertThat(warnings.get(2)).contains("403 Forbidden", "next attempt in 20 s");
        assertThat(logs.messages(Level.INFO).stream().filter(m -> m.contains("registered as trunkuser"))).hasSize(1);
    }

    @Test
    void aWrongPasswordIsAFailureAndIsRetriedLater() throws Exception {
        ManualScheduler timers = new ManualScheduler();
        // uas-register.xml challenges, checks the digest against reguser/regpass and answers a wrong one with 403
        try (Sipp registrar = Sipp.scenario("uas-register.xml").localAddress(CARRIER).start()) {
            Trunks trunks = new Trunks(List.of(TestTrunks.registering("carrier1", registrar.sipPort(),
                    new TrunkCredentials("reguser", "not-the-password"), Duration.ofSeconds(600))));
            TrunkState state = trunks.byName("carrier1").orElseThrow();
            try (TrunkClients clients = new TrunkClients(trunks, sip.client(), timers, Duration.ofMillis(100))) {
                clients.start();
                TrunkRegistration registration = clients.registration("carrier1").orElseThrow();
                timers.runDue();
                await("403").atMost(T).until(() -> registration.consecutiveFailures() == 1);
                assertThat(registration.lastFailure()).contains("403 Forbidden");
                assertThat(state.isRegistered()).isFalse();
                assertThat(timers.pendingDelays()).containsExactly(Duration.ofSeconds(5));
            }
            Sipp.Result result = registrar.await(T);
            assertThat(result.exitCode()).as(result.summary()).isZero();
        }
        assertThat(logs.everything()).doesNotContain("not-the-password");
    }

    @Test
    void answersAStaleChallengeAgainButGivesUpOnAChallengeThatRejectsTheAnswer() throws Exception {
        ManualScheduler timers = new ManualScheduler();
        try (Sipp registrar = Sipp.scenario("trunk-registrar-rechallenge.xml").localAddress(CARRIER).start()) {
            Trunks trunks = new Trunks(List.of(TestTrunks.registering("carrier1", registrar.sipPort(), CREDENTIALS,
                    Duration.ofSeconds(600))));
            TrunkState state = trunks.byName("carrier1").orElseThrow();
            try (TrunkClients clients = new TrunkClients(trunks, sip.client(), timers, Duration.ofMillis(100))) {
                clients.start();
                TrunkRegistration registration = clients.registration("carrier1").orElseThrow();
                timers.runDue();
                await("rejected").atMost(T).until(() -> registration.consecutiveFailures() == 1);
                assertThat(registration.lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("401", "credentials rejected"));
                assertThat(state.isRegistered()).isFalse();
                assertThat(timers.pendingDelays()).containsExactly(Duration.ofSeconds(5));
            }
            Sipp.Result result = registrar.await(T);
            assertThat(result.exitCode()).as("three REGISTERs, the stale one answered\n" + result.summary()).isZero();
        }
    }

    @Test
    void asksAgainWithTheRegistrarsMinExpires() throws Exception {
        ManualScheduler timers = new ManualScheduler();
        try (Sipp registrar = Sipp.scenario("trunk-registrar-min-expires.xml").localAddress(CARRIER).start()) {
            Trunks trunks = new Trunks(List.of(TestTrunks.registering("carrier1", registrar.sipPort(), CREDENTIALS,
                    Duration.ofSeconds(600))));
            TrunkState state = trunks.byName("carrier1").orElseThrow();
            try (TrunkClients clients = new TrunkClients(trunks, sip.client(), timers, Duration.ofMillis(100))) {
                clients.start();
                TrunkRegistration registration = clients.registration("carrier1").orElseThrow();
                timers.runDue();
                await("registered").atMost(T).until(state::isRegistered);
                assertThat(registration.grantedExpiry()).contains(Duration.ofSeconds(900));
                assertThat(registration.consecutiveFailures()).isZero();
                Sipp.Result result = registrar.await(T);
                assertThat(result.exitCode()).as(result.summary()).isZero();
            }
        }
    }

    /** Call-ID and CSeq number of every REGISTER sipp received, in order, from its {@code -trace_msg} log. */
    private static List<String[]> receivedRegisters(Path dir) throws IOException {
        Path log;
        try (var files = Files.list(dir)) {
            log = files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).findFirst().orElseThrow();
        }
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        List<String[]> found = new ArrayList<>();
        for (String chunk : text.split("message received")) {
            List<String> lines = chunk.lines().map(String::strip).toList();
            if (lines.stream().noneMatch(l -> l.startsWith("REGISTER sip:"))) continue;
            String callId = lines.stream().filter(l -> l.regionMatches(true, 0, "Call-ID:", 0, 8)).findFirst().orElseThrow();
            String cseq = lines.stream().filter(l -> l.regionMatches(true, 0, "CSeq:", 0, 5)).findFirst().orElseThrow();
            found.add(new String[] {callId.substring(8).strip(), cseq.substring(5).strip().split("\\s+")[0]});
        }
        return found;
    }
}
