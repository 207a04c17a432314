package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dialtone.app.Main;
import org.dialtone.core.call.CallRecord;
import org.dialtone.store.Database;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} loses nothing committed: Dialtone runs in its own JVM (the real {@link Main}), two phones register,
 * one call ends, a second is in progress (answered) when the process is killed. A switch started again on the same
 * data has the phones' registrations (it rings them without their registering again), the ended call's record as it
 * was, and the call in progress closed as {@code interrupted} with its answer time kept and no end time.
 */
class CrashRecoveryIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;
    private Process child;

    @BeforeEach void start() {
        sw = new SwitchFixture();
        sw.dialtone.close(); // only its configuration, ports and data directory are used: the switch runs in a child JVM
    }

    @AfterEach void stop() {
        try {
            if (child != null && child.isAlive()) child.destroyForcibly();
        } finally {
            sw.closeCheckingNoLeak();
        }
    }

    @Test
    void aKilledSwitchKeepsRegistrationsAndEndedCallsAndClosesTheCallInProgressAsInterrupted() throws Exception {
        int httpPort = sw.httpPort;
        child = startSwitchProcess();
        await("the switch process serving /health").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> healthy(httpPort));

        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone alice = sw.registeredPhone("200", 440);
        awaitRows("SELECT count(*) FROM registration", 2);

        alice.dialAndConnect("201", bob, T);
        bob.awaitReceivedAudio(0.5, T);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        awaitRows("SELECT count(*) FROM call_record WHERE disposition = 'answered' AND end_time IS NOT NULL", 1);
        String endedCall = linkedIds("SELECT linked_id FROM call_record").get(0);

        alice.clearEvents();
        bob.clearEvents();
        alice.dialAndConnect("201", bob, T);
        awaitRows("SELECT count(*) FROM call_record WHERE disposition = 'in progress' AND answer_time IS NOT NULL"
                + " AND end_time IS NULL", 1);
        String talking = linkedIds("SELECT linked_id FROM call_record WHERE disposition = 'in progress'").get(0);

        child.destroyForcibly(); // SIGKILL: no shutdown hook, no hang-up, no flush
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by signal 9").isEqualTo(128 + 9);
        alice.hangup(); // the phones' call died with the switch
        bob.hangup();

        sw.restart(); // in this JVM now, same configuration and data

        assertThat(sw.dialtone.sip().registrations()).as("registrations restored from storage").isEqualTo(2);
        CallRecord interrupted = await("the call in progress closed as interrupted").atMost(T)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> record(talking), r -> r.disposition().equals(CallRecord.INTERRUPTED));
        assertThat(interrupted.answerTime()).as("it had been answered").isNotNull();
        assertThat(interrupted.endTime()).as("when it ended is unknown").isNull();
        assertThat(interrupted.fromNumber()).isEqualTo("200");
        assertThat(interrupted.toNumber()).isEqualTo("201");
        CallRecord ended = record(endedCall);
        assertThat(ended.disposition()).isEqualTo("answered");
        assertThat(ended.endTime()).isNotNull();
        assertThat(sw.dialtone.callRecords().recent("1000001", 10)).hasSize(2);

        // bob is rung at the contact stored before the crash
        alice.clearEvents();
        bob.clearEvents();
        alice.dialAndConnect("201", bob, T);
        bob.awaitReceivedAudio(0.5, T);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
    }

    private Process startSwitchProcess() throws IOException {
        Path dir = sw.dir;
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--config", sw.configFile().toString()))
                .redirectOutput(dir.resolve("child-stdout.log").toFile())
                .redirectError(dir.resolve("child-stderr.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
    }

    private static boolean healthy(int httpPort) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private CallRecord record(String linkedId) {
        return sw.dialtone.callRecords().recent("1000001", 10).stream().filter(r -> r.linkedId().equals(linkedId))
                .findFirst().orElseThrow(() -> new AssertionError("no record of " + linkedId));
    }

    /** Waits until {@code countQuery} on the switch's SQLite file (read from this process) says {@code n}. */
    private void awaitRows(String countQuery, int n) {
        await(countQuery + " = " + n).atMost(T).pollInterval(Duration.ofMillis(100))
                .until(() -> linkedIds(countQuery).equals(List.of(Integer.toString(n))));
    }

    private List<String> linkedIds(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(Database.sqliteUrl(sw.dir.resolve("data")));
             var st = c.createStatement(); var rs = st.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        }
    }
}
