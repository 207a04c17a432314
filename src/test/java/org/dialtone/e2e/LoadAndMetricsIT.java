package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.PhoneSpec;
import org.dialtone.testing.Sipp;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A short load of valid calls (sipp as 200 with digest auth, REGISTER + INVITE per call, calling a baresip 201 that
 * answers automatically), then the operations endpoints: /health is up, and /metrics counted what happened.
 */
class LoadAndMetricsIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final int CALLS = 10;
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(); }
    @AfterEach void stop() { sw.close(); }

    @Test
    void tenCallsTwoAtATimeAllSucceedLeakNothingAndShowInMetrics() throws Exception {
        JsonNode health = JsonMapper.builder().build().readTree(httpGet("/health", 200));
        assertThat(health.path("status").asText()).isEqualTo("up");
        assertThat(health.path("checks").path("sip").asText()).isEqualTo("up");
        assertThat(health.path("checks").path("storage").asText()).isEqualTo("up");

        String before = httpGet("/metrics", 200);
        assertThat(metric(before, "dialtone_calls_started_total")).isZero();
        assertThat(metric(before, "dialtone_calls_failed_total")).isZero();
        assertThat(metric(before, "dialtone_rtp_packets_relayed_total")).isZero();
        assertThat(metric(before, "dialtone_channels_active")).isZero();
        assertThat(metric(before, "dialtone_sip_registrations")).isZero();

        sw.phone(PhoneSpec.builder("201").password(SwitchFixture.password("201")).tone(1000).maxCalls(4)
                .registrar("127.0.0.1", sw.dialtone.sipPort())).awaitRegistered(T);
        Path ulaw = AudioAnalysis.writeUlawTone(TestDirs.newDir("load").resolve("uac-ulaw.wav"), 440, 3, 0.5);
        Sipp.Result load = Sipp.scenario("uac-reg-call.xml").remote("127.0.0.1:" + sw.dialtone.sipPort())
                .file("users.csv", resource("/sipp/users-200.csv")).rtpFile("uac-ulaw.wav", ulaw)
                .args("-inf", "users.csv", "-l", "2", "-r", "4")
                .calls(CALLS).pause(Duration.ofMillis(1000)).timeout(Duration.ofSeconds(30)).run();
        assertThat(load.exitCode()).as(load.summary()).isZero();
        assertThat(load.stats()).containsEntry("SuccessfulCall(C)", String.valueOf(CALLS))
                .containsEntry("FailedCall(C)", "0");

        await().atMost(T).untilAsserted(() -> {
            assertThat(sw.dialtone.calls().activeChannels()).as("channels").isZero();
            assertThat(sw.dialtone.sip().openDialogs()).as("dialogs").isZero();
            assertThat(sw.dialtone.media().activeEndpoints()).as("RTP endpoints").isZero();
        });

        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) { // 202 has no phone: a failed call
            var r = ua.callWithAuth(RegistrarIT.invite(ua, "200", "202"), "200", SwitchFixture.password("200"));
            assertThat(r.status()).isEqualTo(480);
        }
        String after = httpGet("/metrics", 200);
        assertThat(metric(after, "dialtone_calls_started_total")).isEqualTo(CALLS + 1);
        assertThat(metric(after, "dialtone_calls_failed_total")).isEqualTo(1);
        // each answered call relays ~1 s of 50 packets/s in each direction
        assertThat(metric(after, "dialtone_rtp_packets_relayed_total")).isGreaterThan(CALLS * 50);
        assertThat(metric(after, "dialtone_channels_active")).isZero();
        assertThat(metric(after, "dialtone_sip_registrations")).as("201's phone and sipp's 200").isEqualTo(2);
        assertThat(metric(after, "dialtone_rtp_ports_exhausted_total")).isZero();

        // every call's record stored, with nothing left waiting, dropped or retried
        await().atMost(T).untilAsserted(() -> {
            String stored = httpGet("/metrics", 200);
            assertThat(metric(stored, "dialtone_call_records_queue_depth")).isZero();
            assertThat(metric(stored, "dialtone_registrations_queue_depth")).isZero();
        });
        assertThat(sw.dialtone.callRecords().recent("1000001", 50)).hasSize(CALLS + 1)
                .filteredOn(r -> r.disposition().equals("answered")).hasSize(CALLS);
        String end = httpGet("/metrics", 200);
        for (String queue : new String[] {"dialtone_call_records", "dialtone_registrations"}) {
            assertThat(metric(end, queue + "_dropped_total")).as(queue + " dropped").isZero();
            assertThat(metric(end, queue + "_write_failures_total")).as(queue + " failed writes").isZero();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(LoadAndMetricsIT.class.getResource(name).toURI());
    }

    private String httpGet(String path, int expectedStatus) {
        var r = MalformedTrafficIT.httpGet(sw.dialtone.httpPort(), path);
        assertThat(r.statusCode()).as("GET %s", path).isEqualTo(expectedStatus);
        return r.body();
    }

    /** The value of an unlabelled sample in Prometheus text format; fails when the metric is missing. */
    static double metric(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("%s in /metrics:%n%s", name, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
