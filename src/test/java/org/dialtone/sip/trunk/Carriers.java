package org.dialtone.sip.trunk;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.Sipp;

/** sipp as a carrier on its own loopback address, and what the tests read from it. */
final class Carriers {
    /** Addresses the carriers live on; the switch is on 127.0.0.1. */
    static final String CARRIER_1 = "127.0.0.2";
    static final String CARRIER_2 = "127.0.0.3";

    private Carriers() {}

    /**
     * A sipp running {@code scenario} on {@code address}, echoing RTP it receives ({@code -rtp_echo}), logging every
     * SIP message to {@code messages.log}.
     */
    static Sipp.Builder carrier(String scenario, String address) {
        return Sipp.scenario(scenario).localAddress(address).timeout(Duration.ofSeconds(20))
                .args("-rtp_echo", "-trace_msg", "-message_file", "messages.log");
    }

    /** The SIP messages sipp sent and received so far. */
    static String messages(Sipp sipp) {
        return read(sipp.dir().resolve("messages.log"));
    }

    static String messages(Sipp.Result result) {
        return read(result.dir().resolve("messages.log"));
    }

    /** Every request line of {@code method} in a message log, e.g. {@code INVITE sip:+1...@127.0.0.2:5080;transport=udp SIP/2.0}. */
    static List<String> requestLines(String messages, String method) {
        return messages.lines().map(String::strip).filter(l -> l.startsWith(method + " ") && l.endsWith("SIP/2.0")).toList();
    }

    /** The values of header {@code name} in a message log, in order. */
    static List<String> headers(String messages, String name) {
        Matcher m = Pattern.compile("(?im)^\\s*" + Pattern.quote(name) + ":\\s*(.*)$").matcher(messages);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group(1).strip());
        return out;
    }

    /** A port on {@code address} where nothing listens (a dead carrier). */
    static int deadPort() {
        return FreePorts.udpAndTcp();
    }

    /**
     * Sends RTP into a fresh endpoint bridged with {@code leg}'s media until that media has latched {@code expected}:
     * the leg sends what it relays to the address its SDP gave, and the carrier (sipp {@code -rtp_echo}) echoes it
     * back from there.
     */
    static void awaitMediaExchangedWith(TrunkTestSwitch sw, SignallingLeg leg, InetSocketAddress expected) throws Exception {
        RtpEndpoint probe = sw.media.allocate();
        try (DatagramChannel phone = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            probe.configure((InetSocketAddress) phone.getLocalAddress(), 0, -1);
            probe.bridgeWith(leg.media());
            InetSocketAddress into = new InetSocketAddress("127.0.0.1", probe.localPort());
            int[] seq = {1};
            await("RTP echoed by the carrier at " + expected).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        phone.send(rtpPacket(seq[0]++), into);
                        return expected.equals(((RtpEndpoint) leg.media()).latchedAddress());
                    });
        } finally {
            probe.release();
        }
    }

    private static ByteBuffer rtpPacket(int seq) {
        ByteBuffer b = ByteBuffer.allocate(12 + 160);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(0x1234abcd);
        while (b.hasRemaining()) b.put((byte) 0xff);
        return b.flip();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
