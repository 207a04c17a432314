package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dialtone on PostgreSQL, configured as the README says ({@code database.url}, {@code user}, {@code password}, here
 * through the environment) on a fresh database of the test cluster: the schema is created at start, a call is
 * recorded, and registrations come back after a restart.
 */
class PostgresSwitchIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;

    @BeforeEach void start() {
        TestPostgres.Server pg = TestPostgres.newDatabase();
        sw = new SwitchFixture(Map.of("DIALTONE_DATABASE_URL", pg.url(), "DIALTONE_DATABASE_USER", pg.user(),
                "DIALTONE_DATABASE_PASSWORD", pg.password()));
    }

    @AfterEach void stop() { sw.closeCheckingNoLeak(); }

    @Test
    void callsAreRecordedAndRegistrationsSurviveARestart() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        alice.dialAndConnect("201", bob, T);
        bob.awaitReceivedAudio(1.0, T);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        ChannelEvent hangup = sw.events.awaitHangups(2, T).get(0);

        CallRecord record = sw.awaitCallRecord("1000001", hangup.linkedId());
        assertThat(record.disposition()).isEqualTo("answered");
        assertThat(record.fromNumber()).isEqualTo("200");
        assertThat(record.toNumber()).isEqualTo("201");

        sw.restart();
        assertThat(sw.dialtone.sip().registrations()).isEqualTo(2);
        assertThat(sw.dialtone.callRecords().recent("1000001", 10)).containsExactly(record);
    }
}
