package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.Sipp;
import org.dialtone.testing.SippMessageLog;
import org.dialtone.testing.TestDirs;

/**
 * What the trunk tests share: the carriers' tones and scenarios, and assertions on audio, on what a carrier received
 * and on the outside party in events. Tones: a carrier's early media 600 Hz, a carrier's caller 800 Hz; phones 226
 * 440 Hz, 201 1000 Hz, 200 1500 Hz, 202 2000 Hz, an outside phone 1200 Hz.
 */
final class TrunkCallSupport {
    static final Duration T = Duration.ofSeconds(10);
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    static final String UNIQUE_ID = "\\d{13}\\.\\d{6}";
    static final int EARLY_MEDIA_HZ = 600;
    static final int OUTSIDE_CALLER_HZ = 800;

    private TrunkCallSupport() {}

    /** A u-law WAV (raw codec bytes, what sipp's rtp_stream sends as PCMU) of {@code hz}, 8 s. */
    static Path ulawTone(int hz) {
        return AudioAnalysis.writeUlawTone(TestDirs.newDir("media").resolve("tone" + hz + "-ulaw.wav"), hz, 8, 0.5);
    }

    /** {@code trunk}'s carrier answering with early media for {@code earlyMedia}, then echoing (start it). */
    static Sipp.Builder answerEcho(TrunkFixture t, String trunk, Duration earlyMedia) {
        return t.carrier(trunk, "carrier-answer-echo.xml").rtpEcho()
                .rtpFile("carrier-ulaw.wav", ulawTone(EARLY_MEDIA_HZ)).pause(earlyMedia).timeout(Duration.ofSeconds(30));
    }

    /**
     * A call from {@code trunk}'s carrier to {@code did}: the caller talks (800 Hz) for {@code phase}, then echoes
     * for {@code phase}, then hangs up.
     */
    static Sipp.Builder didCall(TrunkFixture t, String trunk, String did, Duration phase) {
        return t.callFromCarrier(trunk, "carrier-did-call.xml", did).rtpEcho()
                .rtpFile("caller-ulaw.wav", ulawTone(OUTSIDE_CALLER_HZ)).pause(phase).timeout(Duration.ofSeconds(30));
    }

    /** A call from {@code address} to {@code did} that passes only if the switch answers {@code expected}. */
    static Sipp.Builder didRefused(TrunkFixture t, String address, String did, int expected) {
        return t.callFrom(address, "carrier-did-refused.xml", did).key("expected", Integer.toString(expected))
                .timeout(Duration.ofSeconds(20));
    }

    /** Asserts sipp ended with every call successful. */
    static Sipp.Result assertOk(Sipp.Result r) {
        assertThat(r.exitCode()).as(r.summary()).isZero();
        return r;
    }

    /** The INVITEs a carrier received (a challenged call has two), oldest first. */
    static List<SippMessageLog.Message> invitesReceived(List<SippMessageLog.Message> messages) {
        return messages.stream().filter(m -> m.received() && m.isRequest("INVITE")).toList();
    }

    /** The one INVITE the carrier received (fails if there is none or more than one). */
    static SippMessageLog.Message inviteReceived(Sipp.Result r) {
        List<SippMessageLog.Message> invites = invitesReceived(r.messages());
        assertThat(invites).as("INVITEs received by the carrier: " + r.messages()).hasSize(1);
        return invites.get(0);
    }

    /** Seconds of audio a phone has recorded in its current call so far. */
    static double secondsRecorded(BaresipPhone phone) {
        try {
            return (Files.size(phone.newestRecording()) - 44) / 16000.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dominant frequency of [start, start+seconds) is {@code hz} (±15 Hz), and it is not silence. */
    static void assertTone(Path wav, double start, double seconds, double hz) {
        String what = AudioAnalysis.describe(wav, start, seconds);
        assertThat(AudioAnalysis.peakFrequency(wav, start, seconds)).as(what).isCloseTo(hz, offset(15.0));
        assertThat(AudioAnalysis.rms(wav, start, seconds)).as(what).isGreaterThan(0.05);
    }

    /** The last second (but 0.2 s) of a finished recording carries {@code hz}. */
    static void assertEndsWithTone(Path wav, double hz) {
        assertTone(wav, AudioAnalysis.durationSeconds(wav) - 1.2, 1.0, hz);
    }

    /** The outside party of a trunk call as events show it: its number and the trunk's name as device. */
    static void assertOutsideParty(PartyInfo party, String number, String trunk) {
        assertThat(party.number()).as("outside party's number in " + party).isEqualTo(number);
        assertThat(party.device()).as("outside party's device in " + party).isEqualTo(trunk);
        assertThat(party.channelId()).as("channel_id").matches(UUID);
    }

    /** The first event of {@code type} about the channel of number {@code number}. */
    static ChannelEvent eventAbout(EventLog events, EventType type, String number) {
        return events.await(type, e -> number.equals(e.channel().number()), T);
    }

    /** Every event of the call {@code linkedId}. */
    static List<ChannelEvent> eventsOf(EventLog events, String linkedId) {
        return events.all().stream().filter(e -> e.linkedId().equals(linkedId)).toList();
    }
}
