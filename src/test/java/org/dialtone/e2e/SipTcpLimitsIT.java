package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.PhoneSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIP over TCP cannot exhaust the switch's file descriptors: connections beyond the limit per source address and in
 * all are closed at once, while the ones within it keep working; a connection that never completes a message (silent,
 * trickling one endless request with CRLF or LF line ends, or stopping short of its body) is closed after the idle
 * time, while one that keeps talking and a phone's registered flow stay open and the phone is still rung through it.
 * Sources are loopback addresses 127.0.0.x.
 */
class SipTcpLimitsIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitsPerAddressAndInAllAreClosedAtOnce() throws Exception {
        try (SwitchFixture sw = new SwitchFixture(Map.of("DIALTONE_LIMITS_SIP_TCP_MAX_CONNECTIONS_PER_IP", "3",
                "DIALTONE_LIMITS_SIP_TCP_MAX_CONNECTIONS", "5", "DIALTONE_LIMITS_SIP_TCP_IDLE_SECONDS", "0"))) {
            int port = sw.dialtone.sipTcpPort();
            List<Socket> kept = new ArrayList<>();
            for (int i = 0; i < 3; i++) kept.add(connect("127.0.0.1", port));
            await().atMost(T).until(() -> sw.dialtone.sip().tcpConnections() == 3);

            Socket fourthFromOneAddress = connect("127.0.0.1", port);
            assertClosedByTheSwitch(fourthFromOneAddress);

            for (int i = 0; i < 2; i++) kept.add(connect("127.0.0.2", port));
            await().atMost(T).until(() -> sw.dialtone.sip().tcpConnections() == 5);
            Socket sixthInAll = connect("127.0.0.3", port);
            assertClosedByTheSwitch(sixthInAll);

            for (Socket s : kept) assertThat(options(s, port)).as("a connection within the limits").startsWith("SIP/2.0 200");
            assertThat(tcpRefused(sw, "per_ip")).isEqualTo(1);
            assertThat(tcpRefused(sw, "total")).isEqualTo(1);

            kept.getFirst().close(); // a closed connection frees its place
            await().atMost(T).until(() -> sw.dialtone.sip().tcpConnections() == 4);
            assertThat(options(connect("127.0.0.1", port), port)).startsWith("SIP/2.0 200");
        }
    }

    @Test
    void idleConnectionsAreClosedButTalkingOnesAndRegisteredFlowsStay() throws Exception {
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
        try (SwitchFixture sw = new SwitchFixture(Map.of("DIALTONE_LIMITS_SIP_TCP_IDLE_SECONDS", "2"))) {
            int port = sw.dialtone.sipTcpPort();
            BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).transport(PhoneSpec.Transport.TCP));
            BaresipPhone alice = sw.registeredPhone("200", 440);
            Socket silent = connect("127.0.0.1", port);
            Socket trickling = connect("127.0.0.1", port);
            OutputStream trickle = trickling.getOutputStream();
            trickle.write(("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n").getBytes(StandardCharsets.US_ASCII));
            pacer.scheduleAtFixedRate(() -> write(trickle, "X-Slow: " + SEQ.incrementAndGet() + "\r\n"),
                    300, 300, TimeUnit.MILLISECONDS);
            // LF line ends and a compact Content-Length are framed now, so a message that uses them and never ends
            // (headers trickled with no empty line; a body shorter than its l:) is idle like the others
            Socket tricklingLf = connect("127.0.0.1", port);
            OutputStream trickleLf = tricklingLf.getOutputStream();
            trickleLf.write(("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\n").getBytes(StandardCharsets.US_ASCII));
            pacer.scheduleAtFixedRate(() -> write(trickleLf, "X-Slow: " + SEQ.incrementAndGet() + "\n"),
                    300, 300, TimeUnit.MILLISECONDS);
            Socket shortBody = connect("127.0.0.1", port);
            write(shortBody.getOutputStream(), optionsText(port).replace("Content-Length: 0", "l: 100") + "v=0\r\n");
            Socket talking = connect("127.0.0.1", port);
            OutputStream talk = talking.getOutputStream();
            pacer.scheduleAtFixedRate(() -> write(talk, optionsText(port)), 0, 500, TimeUnit.MILLISECONDS);

            assertClosedByTheSwitch(silent);
            assertClosedByTheSwitch(trickling);
            assertClosedByTheSwitch(tricklingLf);
            assertClosedByTheSwitch(shortBody);
            assertThat(sw.dialtone.sip().tcpConnectionsClosedIdle()).isGreaterThanOrEqualTo(4);

            alice.dialAndConnect("201", bob, T); // bob's registered TCP flow, idle for seconds, still reaches him
            alice.hangup();
            bob.awaitEvent("CALL_CLOSED", T);
            assertThat(talking.isClosed()).isFalse();
            pacer.shutdownNow();
            assertThat(options(talking, port)).as("the talking connection").startsWith("SIP/2.0 200");
        } finally {
            pacer.shutdownNow();
        }
    }

    private Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /** The switch closes {@code s}: reading it ends (EOF or reset) within the time limit. */
    private static void assertClosedByTheSwitch(Socket s) throws IOException {
        s.setSoTimeout((int) T.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) return;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the switch did not close the connection from " + s.getLocalSocketAddress());
        } catch (IOException reset) {
            // closed with a reset: closed all the same
        }
    }

    /** Sends an OPTIONS on {@code s} and returns the status line of the response. */
    private static String options(Socket s, int port) throws IOException {
        s.getOutputStream().write(optionsText(port).getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout((int) T.toMillis());
        StringBuilder line = new StringBuilder();
        InputStream in = s.getInputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
        return line.toString().strip();
    }

    private static String optionsText(int port) {
        int n = SEQ.incrementAndGet();
        return "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKtcp" + n
                + "\r\nFrom: <sip:probe@127.0.0.1>;tag=" + n + "\r\nTo: <sip:127.0.0.1>\r\nCall-ID: tcp-" + n
                + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closed) {
            // the switch closed it; the test looks at that itself
        }
    }

    private static double tcpRefused(SwitchFixture sw, String limit) {
        String scrape = MalformedTrafficIT.httpGet(sw.dialtone.httpPort(), "/metrics").body();
        Matcher m = Pattern.compile("(?m)^dialtone_sip_tcp_refused_total\\{[^}]*limit=\"" + limit + "\"[^}]*} (\\S+)$")
                .matcher(scrape);
        assertThat(m.find()).as("dialtone_sip_tcp_refused_total{limit=%s}", limit).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
