package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.dialtone.store.Database;
import org.junit.jupiter.api.Test;

/**
 * An account registers at most 10 contacts (the 11th gets 503 with Retry-After, refreshing or replacing one still
 * works), and an expired contact disappears from memory and from the database without any REGISTER.
 */
class RegistrationCapsIT {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void anEleventhContactIsRefusedWith503UntilASlotIsFree() {
        try (SwitchFixture sw = new SwitchFixture(); RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            for (int i = 1; i <= 10; i++) {
                assertThat(register(ua, i, 600).status()).as("contact %d", i).isEqualTo(200);
            }

            RawSip.Msg eleventh = register(ua, 11, 600);

            assertThat(eleventh.status()).isEqualTo(503);
            assertThat(eleventh.startLine()).contains("Too Many Registered Contacts");
            assertThat(Integer.parseInt(eleventh.header("Retry-After").split("[ ;(]")[0])).isBetween(1, 600);
            assertThat(sw.dialtone.sip().registrations()).isEqualTo(10);
            assertThat(register(ua, 3, 600).status()).as("a refresh").isEqualTo(200);
            assertThat(register(ua, 3, 0).status()).as("an unregistration").isEqualTo(200);
            assertThat(register(ua, 11, 600).status()).as("the freed slot").isEqualTo(200);
            assertThat(LoadAndMetricsIT.metric(MalformedTrafficIT.httpGet(sw.dialtone.httpPort(), "/metrics").body(),
                    "dialtone_sip_registrations_refused_total")).isEqualTo(1);
        }
    }

    @Test
    void anExpiredContactDisappearsWithoutAnyRegister() throws Exception {
        try (SwitchFixture sw = new SwitchFixture(Map.of("DIALTONE_SIP_MIN_EXPIRES", "1"));
             RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            assertThat(register(ua, 1, 2).status()).isEqualTo(200);
            assertThat(register(ua, 2, 600).status()).isEqualTo(200);
            await().atMost(T).until(() -> stored(sw) == 2);

            await("the expired contact swept").atMost(T).pollInterval(Duration.ofMillis(100))
                    .until(() -> sw.dialtone.sip().heldRegistrations() == 1 && stored(sw) == 1);
            assertThat(sw.dialtone.sip().registrations()).isEqualTo(1);
        }
    }

    private static RawSip.Msg register(RawSip ua, int device, int expires) {
        RawSip.Request r = ua.register("200")
                .header("Contact", "<sip:200@127.0.0.1:" + ua.localPort() + ";device=" + device + ">")
                .header("Expires", Integer.toString(expires));
        return ua.callWithAuth(r, "200", SwitchFixture.password("200"));
    }

    /** Registrations of 200 in the database. */
    private static int stored(SwitchFixture sw) throws Exception {
        String url = Database.sqliteUrl(Path.of(sw.dir.resolve("data").toString()));
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM registration WHERE sip_username = '200'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
