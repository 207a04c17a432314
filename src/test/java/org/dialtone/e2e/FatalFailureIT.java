package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.dialtone.app.ProcessGuard;
import org.junit.jupiter.api.Test;

/**
 * Fail loudly, restart cleanly: a Dialtone whose heap runs out (the issue: OutOfMemoryError killed the SIP reader
 * and the switch went on answering /metrics but no SIP) ends its process within seconds, non-zero, with a FATAL line;
 * a restart on the same data has the registrations back, so phones need not re-register.
 */
class FatalFailureIT {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void aDialtoneOutOfMemoryExitsNonZeroWithinSecondsAndARestartHasItsRegistrationsBack() throws Exception {
        // no -XX:+ExitOnOutOfMemoryError here: the switch's own guard must end it (the run command adds the flag too)
        DialtoneProcess crashing = new DialtoneProcess("{}", List.of("-Xmx96m", "-XX:TieredStopAtLevel=1"),
                HeapFillingMain.class);
        try (crashing; RawSip phone = new RawSip(crashing.start().sipPort)) {
            var registered = phone.callWithAuth(phone.register("200").header("Expires", "600"), "200", SwitchFixture.password("200"));
            assertThat(registered.status()).isEqualTo(200);
            await("registration stored").atMost(T).until(() -> storedRegistrations(crashing) == 1);

            crashing.tell("fill");
            // the heap is full (or the switch already ended for it); from now on SIP traffic needs memory it lacks
            await("heap full").atMost(T).until(() -> !crashing.isAlive() || crashing.log().contains("heap full"));
            await("the process ending").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!crashing.isAlive()) return true;
                phone.send(phone.request("OPTIONS", "sip:127.0.0.1:" + crashing.sipPort, "200", "200").text());
                return false;
            });
            int status = crashing.awaitExit(Duration.ofSeconds(1));
            assertThat(status).as("exit status; log:%n%s", crashing.log()).isEqualTo(ProcessGuard.EXIT_STATUS);
            assertThat(crashing.log()).contains("FATAL: out of memory")
                    .contains("Exiting with status " + ProcessGuard.EXIT_STATUS);

            try (DialtoneProcess restarted = crashing.start(); RawSip caller = new RawSip(restarted.sipPort)) {
                assertThat(restarted.log()).doesNotContain("FATAL");
                assertThat(LoadAndMetricsIT.metric(restarted.get("/metrics").body(), "dialtone_sip_registrations"))
                        .as("registrations loaded from the database").isEqualTo(1);
                // and 200 is reached where it registered from, without registering again
                RawSip.Request invite = RegistrarIT.invite(caller, "201", "200");
                caller.send(invite.text());
                RawSip.Msg challenge = await("407").atMost(T).until(
                        () -> caller.receive(Duration.ofMillis(200)).orElse(null), m -> m != null && m.status() == 407);
                caller.send(invite.next().authorize(challenge, "201", SwitchFixture.password("201")).text());
                await("the INVITE reaching 200's registered address").atMost(T).until(() -> phone.receive(
                        Duration.ofMillis(200)).filter(m -> m.startLine().startsWith("INVITE sip:200@")).isPresent());
            }
        }
    }

    private static int storedRegistrations(DialtoneProcess dialtone) throws Exception {
        String url = "jdbc:sqlite:" + dialtone.dir.resolve("data").resolve("dialtone.db");
        try (Connection db = DriverManager.getConnection(url);
             ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM registration")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }
}
