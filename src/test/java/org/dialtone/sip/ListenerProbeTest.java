package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe against a hand-made listener pair that answers OPTIONS, or stays silent when told to. */
class ListenerProbeTest {
    private static final Pattern CALL_ID = Pattern.compile("Call-ID: (\\S+)");
    private final AtomicBoolean udpAnswers = new AtomicBoolean(true);
    private final AtomicBoolean tcpAnswers = new AtomicBoolean(true);
    private final AtomicInteger optionsSeen = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Thread udpThread;
    private final Thread tcpThread;

    ListenerProbeTest() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
        tcp = new ServerSocket(0, 5, loopback);
        udpThread = Thread.ofVirtual().start(this::serveUdp);
        tcpThread = Thread.ofVirtual().start(this::serveTcp);
    }

    @AfterEach void stop() throws IOException {
        udp.close();
        tcp.close();
    }

    private ListenerProbe probe(String bind) {
        return new ListenerProbe(bind, udp.getLocalPort(), tcp.getLocalPort(), Duration.ofMillis(300),
                Duration.ofSeconds(2), now::get);
    }

    @Test void answeringListenersAreUpWithARoundTrip() {
        ListenerProbe probe = probe("127.0.0.1");
        assertThat(probe.answering()).isTrue();
        assertThat(probe.lastRoundTrip()).isPresent();
        assertThat(optionsSeen).hasValue(2);
    }

    @Test void aWildcardBindIsProbedOnTheLoopback() {
        assertThat(probe("0.0.0.0").answering()).isTrue();
        assertThat(ListenerProbe.probeAddress("::").getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test void aSilentUdpOrTcpListenerIsDown() {
        udpAnswers.set(false);
        ListenerProbe probe = probe("127.0.0.1");
        assertThat(probe.answering()).isFalse();
        assertThat(probe.lastRoundTrip()).isEmpty();

        udpAnswers.set(true);
        tcpAnswers.set(false);
        assertThat(probe("127.0.0.1").answering()).isFalse();
    }

    @Test void aClosedListenerIsDown() throws IOException {
        udp.close();
        tcp.close();
        assertThat(probe("127.0.0.1").answering()).isFalse();
    }

    @Test void theResultIsKeptForTheCachePeriod() {
        ListenerProbe probe = probe("127.0.0.1");
        for (int i = 0; i < 10; i++) assertThat(probe.answering()).isTrue();
        assertThat(optionsSeen).as("one probe (UDP + TCP) for ten questions").hasValue(2);
        udpAnswers.set(false);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(probe.answering()).isFalse();
    }

    private void serveUdp() {
        byte[] buffer = new byte[8192];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                udp.receive(p);
                optionsSeen.incrementAndGet();
                if (!udpAnswers.get()) continue;
                byte[] answer = answer(new String(buffer, 0, p.getLength(), StandardCharsets.UTF_8));
                udp.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder request = new StringBuilder();
                byte[] b = new byte[1024];
                while (request.indexOf("\r\n\r\n") < 0) {
                    int n = in.read(b);
                    if (n < 0) break;
                    request.append(new String(b, 0, n, StandardCharsets.UTF_8));
                }
                optionsSeen.incrementAndGet();
                if (tcpAnswers.get()) s.getOutputStream().write(answer(request.toString()));
                else in.read(b); // hold the connection silently until the probe gives up
            } catch (IOException e) {
                if (tcp.isClosed()) return;
            }
        }
    }

    private static byte[] answer(String request) {
        Matcher m = CALL_ID.matcher(request);
        String callId = m.find() ? m.group(1) : "none";
        return ("SIP/2.0 200 OK\r\nCall-ID: " + callId + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
