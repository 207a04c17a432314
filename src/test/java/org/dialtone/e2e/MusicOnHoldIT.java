package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.PhoneSpec;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-customer music on hold on live calls: customer 1000001 has its own WAV (700 Hz), the switch default
 * ({@code parking.music_on_hold}, set through the environment) is a 1500 Hz WAV. Each customer parks a caller at the
 * same time, over HTTP with its own token; each parked caller's recording shows which music it was played.
 */
class MusicOnHoldIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;
    private EventLog events;

    @AfterEach
    void stop() throws Exception {
        if (sw != null) sw.close();
    }

    @Test
    void parkedCallersHearTheirCustomersMusicOrTheDefault() throws Exception {
        Path dir = TestDirs.newDir("moh");
        Path own = AudioAnalysis.writePcmTone(dir.resolve("customer-one.wav"), 700, 3.0, 0.3);
        Path fallback = AudioAnalysis.writePcmTone(dir.resolve("default.wav"), 1500, 3.0, 0.3);
        sw = new SwitchFixture(Map.of("DIALTONE_PARKING_MUSIC_ON_HOLD", fallback.toString()), "", own);
        events = sw.events;
        ActionClient customerOne = new ActionClient(sw.dialtone.httpPort(), sw.token);
        ActionClient customerTwo = new ActionClient(sw.dialtone.httpPort(), sw.token2);

        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone other = sw.registeredPhone(customerTwoPhone("c2-200", SwitchFixture.password("c2-200"), 2000));
        BaresipPhone desk = sw.registeredPhone(customerTwoPhone("c2-210", SwitchFixture.password("c2-210"), 2500));
        String bobChannel = bridgedCaller(bob, "226", reception, "1000001");
        String otherChannel = bridgedCaller(other, "210", desk, "2000002");

        park(customerOne, bobChannel);
        park(customerTwo, otherChannel);
        reception.awaitEvent("CALL_CLOSED", T);
        desk.awaitEvent("CALL_CLOSED", T);
        double bobParkedAt = secondsRecorded(bob);
        double otherParkedAt = secondsRecorded(other);
        bob.awaitReceivedAudio(bobParkedAt + 2.0, T);
        other.awaitReceivedAudio(otherParkedAt + 2.0, T);
        bob.hangup();
        other.hangup();

        Path bobHeard = bob.awaitFinishedRecording(bobParkedAt + 2.0, T);
        assertThat(AudioAnalysis.peakFrequency(bobHeard, bobParkedAt + 0.5, 1.0))
                .as("customer 1000001's own music: " + AudioAnalysis.describe(bobHeard, bobParkedAt + 0.5, 1.0))
                .isCloseTo(700, offset(15.0));
        assertThat(AudioAnalysis.rms(bobHeard, bobParkedAt + 0.5, 1.0)).as("audible, not silence").isGreaterThan(0.05);
        Path otherHeard = other.awaitFinishedRecording(otherParkedAt + 2.0, T);
        assertThat(AudioAnalysis.peakFrequency(otherHeard, otherParkedAt + 0.5, 1.0))
                .as("the parking default: " + AudioAnalysis.describe(otherHeard, otherParkedAt + 0.5, 1.0))
                .isCloseTo(1500, offset(15.0));
        assertThat(AudioAnalysis.toneAmplitude(otherHeard, otherParkedAt + 0.5, 1.0, 700))
                .as("no trace of customer 1000001's music").isLessThan(0.02);
        await().atMost(T).until(() -> sw.dialtone.calls().activeChannels() == 0);
        await().atMost(T).until(() -> sw.dialtone.media().activeEndpoints() == 0);
    }

    private PhoneSpec.Builder customerTwoPhone(String user, String password, int hz) {
        return PhoneSpec.builder(user).password(password).tone(hz).registrar("127.0.0.1", sw.dialtone.sipPort());
    }

    /** {@code caller} dials {@code number}, which {@code callee} answers; returns the caller's channel id. */
    private String bridgedCaller(BaresipPhone caller, String number, BaresipPhone callee, String customerCode) {
        caller.dial(number);
        callee.awaitEvent("CALL_ESTABLISHED", T);
        caller.awaitReceivedAudio(1.0, T);
        return events.await(EventType.BRIDGE, e -> customerCode.equals(e.customerCode()), T).caller().channelId();
    }

    private static void park(ActionClient api, String channelId) {
        var parked = api.park(channelId, "703");
        assertThat(parked.status()).as(parked.toString()).isEqualTo(200);
    }

    private static double secondsRecorded(BaresipPhone phone) throws IOException {
        return (Files.size(phone.newestRecording()) - 44) / 16000.0;
    }
}
