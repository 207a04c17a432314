package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.PhoneSpec;
import org.dialtone.testing.Sipp;
import org.dialtone.testing.SippMessageLog;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Overload control end to end: Dialtone in its own JVM with a small heap and {@code limits.max_calls: 6} (a low
 * limit makes shedding deterministic), two baresip phones in a call, then sipp offering 20 calls/s (REGISTER + INVITE
 * with digest, 2.5 s of audio each) to a sipp UAS registered as 201. New calls beyond the limit get {@code 503} with
 * {@code Retry-After}, originate gets {@code 503 unavailable}, {@code /health} says degraded; the call that was up
 * keeps its audio both ways throughout and hangs up normally; once the load stops, new calls work again in the same
 * process.
 */
class OverloadIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final int RETRY_AFTER = 3;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private <C extends AutoCloseable> C opened(C c) {
        open.add(c);
        return c;
    }

    @Test
    void newCallsAreRefusedWith503WhileCallsUpKeepTheirAudioAndNewCallsWorkAgainAfterTheLoad() throws Exception {
        DialtoneProcess dialtone = opened(new DialtoneProcess("{max_calls: 6, max_calls_per_account: 0, retry_after_seconds: " + RETRY_AFTER + "}",
                List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1"),
                org.dialtone.app.Main.class)).start();
        long pid = dialtone.pid();
        Path dir = TestDirs.newDir("overload");

        BaresipPhone alice = opened(BaresipPhone.start(phone("202", 440, dialtone).build()));
        BaresipPhone bob = opened(BaresipPhone.start(phone("203", 1000, dialtone).build()));
        alice.awaitRegistered(T);
        bob.awaitRegistered(T);
        alice.dialAndConnect("203", bob, T);
        bob.awaitReceivedAudio(1.0, T);

        // sipp's UAS answers every call to 201: it registers from the port it then listens on
        int uasPort = FreePorts.udpAndTcp();
        Path uasUser = Files.writeString(dir.resolve("uas-user.csv"),
                "SEQUENTIAL\n201;unused;[authentication username=201 password=pw201-secret]\n");
        Sipp.Result registered = Sipp.scenario("uac-register.xml").remote("127.0.0.1:" + dialtone.sipPort)
                .sipPort(uasPort).file("users.csv", uasUser).args("-inf", "users.csv").run();
        assertThat(registered.exitCode()).as(registered.summary()).isZero();
        opened(Sipp.scenario("uas-rtp.xml").sipPort(uasPort).calls(0).timeout(Duration.ofSeconds(90))
                .rtpFile("uas-ulaw.wav", AudioAnalysis.writeUlawTone(dir.resolve("uas.wav"), 600, 3, 0.5)).start());

        Sipp load = opened(Sipp.scenario("uac-reg-call.xml").remote("127.0.0.1:" + dialtone.sipPort)
                .file("users.csv", Path.of(OverloadIT.class.getResource("/sipp/users-200.csv").toURI()))
                .rtpFile("uac-ulaw.wav", AudioAnalysis.writeUlawTone(dir.resolve("uac.wav"), 440, 3, 0.5))
                .args("-inf", "users.csv", "-r", "20", "-l", "40").calls(80).pause(Duration.ofMillis(2500))
                .timeout(Duration.ofSeconds(40)).start());

        await("/health degraded").atMost(T).pollInterval(Duration.ofMillis(100))
                .until(() -> health(dialtone).equals("degraded"));
        try (RawSip ua = new RawSip(dialtone.sipPort)) {
            // refused before authentication: a new INVITE to anyone, as long as the switch sheds load
            RawSip.Msg refused = await("an INVITE refused with 503").atMost(T)
                    .until(() -> ua.call(RegistrarIT.invite(ua, "200", "299")), m -> m.status() == 503);
            assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(RETRY_AFTER));
        }
        HttpResponse<String> originate = await("originate refused with 503").atMost(T)
                .until(() -> originate(dialtone, "299", "201"), r -> r.statusCode() == 503);
        assertThat(JsonMapper.shared().readTree(originate.body()).path("error").asString()).isEqualTo("unavailable");
        assertThat(originate.headers().firstValue("Retry-After")).contains(String.valueOf(RETRY_AFTER));

        Sipp.Result result = load.await(Duration.ofSeconds(60));
        int succeeded = Integer.parseInt(result.stats().get("SuccessfulCall(C)"));
        int failed = Integer.parseInt(result.stats().get("FailedCall(C)"));
        assertThat(succeeded).as(result.summary()).isGreaterThanOrEqualTo(5);
        assertThat(failed).as("most of 80 calls at 20/s find the 6 calls busy").isGreaterThanOrEqualTo(20);
        List<SippMessageLog.Message> refusals = result.messages().stream()
                .filter(m -> m.received() && m.isResponse(503)).toList();
        assertThat(refusals).allSatisfy(m -> assertThat(m.header("Retry-After")).contains(String.valueOf(RETRY_AFTER)));
        Set<String> refusedCalls = refusals.stream().map(m -> m.header("Call-ID").orElseThrow()).collect(Collectors.toSet());
        assertThat(refusedCalls).as("every failed call failed on a 503, nothing else").hasSize(failed);

        // the call that was up throughout: audio both ways, every second, and a normal hangup
        bob.hangup();
        alice.awaitEvent("CALL_CLOSED", T);
        assertToneEverySecond(bob.awaitFinishedRecording(4.0, T), 440);
        assertToneEverySecond(alice.awaitFinishedRecording(4.0, T), 1000);

        // the load is gone: no restart, health up again, and a new call goes through
        await("/health up").atMost(T).pollInterval(Duration.ofMillis(100)).until(() -> health(dialtone).equals("up"));
        assertThat(dialtone.isAlive()).isTrue();
        assertThat(dialtone.pid()).isEqualTo(pid);
        alice.clearEvents();
        bob.clearEvents();
        bob.dialAndConnect("202", alice, T);
        alice.awaitReceivedAudio(1.0, T);
        bob.hangup();
        alice.awaitEvent("CALL_CLOSED", T);

        String log = dialtone.log();
        assertThat(log.lines().filter(l -> l.contains("Overload: shedding load"))).as(log).hasSize(1);
        assertThat(log.lines().filter(l -> l.contains("Overload over: taking new calls again"))).as(log).hasSize(1);
        String metrics = dialtone.get("/metrics").body();
        assertThat(LoadAndMetricsIT.metric(metrics, "dialtone_overload_refused_total")).isGreaterThanOrEqualTo(failed + 2);
        assertThat(metrics).contains("dialtone_overload_limit{trigger=\"calls\"} 6.0")
                .contains("dialtone_overload_shedding 0.0");
    }

    private static PhoneSpec.Builder phone(String user, int hz, DialtoneProcess dialtone) {
        return PhoneSpec.builder(user).password(SwitchFixture.password(user)).tone(hz).registrar("127.0.0.1", dialtone.sipPort);
    }

    /** The tone is there in every whole second of the recording but the first (call setup) and the last. */
    private static void assertToneEverySecond(Path heard, double hz) {
        double seconds = AudioAnalysis.durationSeconds(heard);
        for (double start = 1.0; start + 1.0 <= seconds - 0.5; start += 1.0) {
            String what = heard + " at " + start + " s: " + AudioAnalysis.describe(heard, start, 1.0);
            assertThat(AudioAnalysis.peakFrequency(heard, start, 1.0)).as(what).isCloseTo(hz, offset(15.0));
            assertThat(AudioAnalysis.rms(heard, start, 1.0)).as(what).isGreaterThan(0.02);
        }
    }

    private static String health(DialtoneProcess dialtone) {
        return JsonMapper.shared().readTree(dialtone.get("/health").body()).path("status").asString();
    }

    private static HttpResponse<String> originate(DialtoneProcess dialtone, String extension, String number)
            throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String auth = Base64.getEncoder().encodeToString(("token:" + DialtoneProcess.TOKEN).getBytes());
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dialtone.httpPort
                            + "/v1.0/action/chan/originate")).header("Authorization", "Basic " + auth)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"extension_number\":\"" + extension
                            + "\",\"number\":\"" + number + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
