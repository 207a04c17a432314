package org.dialtone.sip;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the switch's SIP listeners really answer: sends an OPTIONS to its own UDP and TCP listeners, from a socket
 * on the loopback (or the bind address), and expects an answer to each within {@link #DEFAULT_TIMEOUT}. A stopped
 * stack, a dead listener thread or a stack too busy to answer in time are all "not answering". The result is kept for
 * {@link #DEFAULT_CACHE_FOR}, so any number of callers ({@code /health}, overload detection) cost one probe per
 * period; callers arriving while a probe runs wait for it. {@link #lastRoundTrip} tells how long the last answers
 * took. Thread-safe.
 */
public final class ListenerProbe {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CACHE_FOR = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(ListenerProbe.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_ANSWER_BYTES = 8192;

    private final InetAddress target;
    private final int udpPort;
    private final int tcpPort;
    private final int timeoutMillis;
    private final long cacheForNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean answering;
    private volatile long probedAtNanos;
    private volatile boolean probed;
    private volatile Duration lastRoundTrip;

    /** Probes the listeners bound to {@code bindAddress} (a wildcard address is probed on the loopback). */
    public ListenerProbe(String bindAddress, int udpPort, int tcpPort) {
        this(bindAddress, udpPort, tcpPort, DEFAULT_TIMEOUT, DEFAULT_CACHE_FOR, System::nanoTime);
    }

    ListenerProbe(String bindAddress, int udpPort, int tcpPort, Duration timeout, Duration cacheFor,
                  LongSupplier nanoTime) {
        this.target = probeAddress(bindAddress);
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
        this.timeoutMillis = (int) timeout.toMillis();
        this.cacheForNanos = cacheFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /** True when both listeners answered the last probe, run now if the last one is older than the cache period. */
    public boolean answering() {
        if (fresh()) return answering;
        lock.lock();
        try {
            if (fresh()) return answering;
            long start = nanoTime.getAsLong();
            boolean udp = probeUdp();
            boolean tcp = udp && probeTcp();
            long end = nanoTime.getAsLong();
            answering = udp && tcp;
            lastRoundTrip = answering ? Duration.ofNanos(end - start) : null;
            probedAtNanos = end;
            probed = true;
            if (!answering) log.warn("SIP listener on {} did not answer OPTIONS within {} ms", udp ? "tcp" : "udp", timeoutMillis);
            return answering;
        } finally {
            lock.unlock();
        }
    }

    /** How long the last successful probe took for both listeners; empty before one, or after a failed one. */
    public Optional<Duration> lastRoundTrip() { return Optional.ofNullable(lastRoundTrip); }

    private boolean fresh() { return probed && nanoTime.getAsLong() - probedAtNanos < cacheForNanos; }

    private boolean probeUdp() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(target, 0))) {
            socket.setSoTimeout(timeoutMillis);
            String callId = token();
            byte[] options = options("UDP", socket.getLocalPort(), callId).getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(options, options.length, target, udpPort));
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            byte[] buffer = new byte[MAX_ANSWER_BYTES];
            while (true) {
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000);
                if (left <= 0) return false;
                socket.setSoTimeout(left);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                if (isAnswer(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8), callId)) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            log.debug("UDP listener probe failed: {}", e.toString());
            return false;
        }
    }

    private boolean probeTcp() {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(target, 0));
            socket.connect(new InetSocketAddress(target, tcpPort), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            String callId = token();
            socket.getOutputStream().write(options("TCP", socket.getLocalPort(), callId).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return isAnswer(readHead(socket.getInputStream(), System.nanoTime() + timeoutMillis * 1_000_000L, socket),
                    callId);
        } catch (IOException | RuntimeException e) {
            log.debug("TCP listener probe failed: {}", e.toString());
            return false;
        }
    }

    /** The response's start line and headers (up to the blank line), read before {@code deadline}. */
    private static String readHead(InputStream in, long deadline, Socket socket) throws IOException {
        StringBuilder head = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (head.indexOf("\r\n\r\n") < 0 && head.length() < MAX_ANSWER_BYTES) {
            int left = (int) ((deadline - System.nanoTime()) / 1_000_000);
            if (left <= 0) throw new SocketTimeoutException("no answer in time");
            socket.setSoTimeout(left);
            int n = in.read(buffer);
            if (n < 0) break;
            head.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return head.toString();
    }

    private static boolean isAnswer(String message, String callId) {
        return message.startsWith("SIP/2.0 ") && message.contains(callId);
    }

    private String options(String transport, int localPort, String callId) {
        String host = target.getHostAddress().contains(":") ? "[" + target.getHostAddress() + "]" : target.getHostAddress();
        int port = "UDP".equals(transport) ? udpPort : tcpPort;
        return "OPTIONS sip:" + host + ":" + port + ";transport=" + transport.toLowerCase(java.util.Locale.ROOT)
                + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + host + ":" + localPort + ";branch=z9hG4bK" + token() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:health@" + host + ">;tag=" + token() + "\r\n"
                + "To: <sip:" + host + ":" + port + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "User-Agent: dialtone-listener-probe\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String token() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Where to reach a listener bound to {@code bindAddress}: itself, or the loopback for a wildcard. */
    static InetAddress probeAddress(String bindAddress) {
        try {
            InetAddress bound = InetAddress.getByName(bindAddress);
            if (!bound.isAnyLocalAddress()) return bound;
            return InetAddress.getByName(bound instanceof java.net.Inet6Address ? "::1" : "127.0.0.1");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot probe SIP listeners on " + bindAddress, e);
        }
    }
}
