package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.store.Database;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Another connection holds the SQLite file's write lock ({@code BEGIN EXCLUSIVE}), as a backup tool or a slow disk
 * would: phones still register and calls still connect at once, since nothing on the SIP or call path waits on the
 * database; the registrations and call records wait in their queues (depth and failed attempts in /metrics) and are
 * stored once the lock is released.
 */
class DatabaseLockedIT {
    private static final Duration T = Duration.ofSeconds(10);
    /** Far below the database's 5 s busy timeout: what a phone sees when nothing waits on the locked file. */
    private static final Duration PROMPT = Duration.ofSeconds(3);
    private SwitchFixture sw;
    private Connection other;

    @BeforeEach void start() { sw = new SwitchFixture(); }

    @AfterEach void stop() throws SQLException {
        try {
            if (other != null) other.close();
        } finally {
            sw.closeCheckingNoLeak();
        }
    }

    @Test
    void callsConnectWhileTheDatabaseIsLockedAndTheWritesCatchUpOnceItIsReleased() throws Exception {
        other = DriverManager.getConnection(Database.sqliteUrl(sw.dir.resolve("data")));
        try (Statement st = other.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
            st.execute("BEGIN EXCLUSIVE");
        }

        long t0 = System.nanoTime();
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("two phones registering").isLessThan(PROMPT.multipliedBy(2));
        long dialled = System.nanoTime();
        alice.dialAndConnect("201", bob, T);
        assertThat(Duration.ofNanos(System.nanoTime() - dialled)).as("dial to answer").isLessThan(PROMPT);
        bob.awaitReceivedAudio(1.0, T);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        ChannelEvent hangup = sw.events.awaitHangups(2, T).get(0);

        // nothing could be stored: the writers retry while the lock is held
        assertThat(sw.metric("dialtone_call_records_queue_depth")).isEqualTo(1.0);
        assertThat(sw.metric("dialtone_registrations_queue_depth")).isEqualTo(2.0);
        await("failed attempts while locked").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> sw.metric("dialtone_call_records_write_failures_total") >= 1
                        && sw.metric("dialtone_registrations_write_failures_total") >= 1);
        assertThat(count("call_record")).isZero();
        assertThat(count("registration")).isZero();

        try (Statement st = other.createStatement()) {
            st.execute("ROLLBACK");
        }

        await("writes caught up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> sw.metric("dialtone_call_records_queue_depth") == 0
                        && sw.metric("dialtone_registrations_queue_depth") == 0);
        CallRecord record = sw.awaitCallRecord("1000001", hangup.linkedId());
        assertThat(record.disposition()).isEqualTo("answered");
        assertThat(record.endTime()).isNotNull();
        assertThat(count("call_record")).isEqualTo(1);
        assertThat(count("registration")).isEqualTo(2);
        assertThat(sw.metric("dialtone_call_records_dropped_total")).isZero();
        assertThat(sw.metric("dialtone_registrations_dropped_total")).isZero();
    }

    private int count(String table) throws SQLException {
        try (Statement st = other.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
