package org.dialtone.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one message of {@link SipCorpus} to a switch, each from its own UDP socket or TCP connection, and reports what
 * came of it, as one of the outcomes its expectations file uses:
 * <ul>
 *   <li>{@code NNN}: the first final response to it had status NNN;</li>
 *   <li>{@code drop}: no answer (over UDP: none before the switch answered an OPTIONS sent right after it from the
 *       same socket; over TCP: none, and the connection stayed open, while another connection's OPTIONS was
 *       answered);</li>
 *   <li>{@code closed} (TCP): the switch closed the connection without an answer;</li>
 *   <li>{@code tcp-only} (UDP): the message is bigger than a datagram, so it was not sent.</li>
 * </ul>
 * Either way, the switch must answer the OPTIONS probe: an outcome is only reported for a switch that still listens.
 */
final class CorpusReplay {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(3);

    /** What the switch did with one message: the outcome and every response it sent. */
    record Result(String outcome, List<RawSip.Msg> responses) {}

    private CorpusReplay() {}

    static Result udp(int sipPort, SipCorpus.Entry entry, String expected) {
        try (RawSip ua = new RawSip(sipPort)) {
            byte[] message = entry.render(values("UDP", ua.localPort(), sipPort));
            if (message.length > SipCorpus.MAX_UDP_PAYLOAD) return new Result("tcp-only", List.of());
            ua.send(message);
            RawSip.Request probe = ua.request("OPTIONS", "sip:127.0.0.1:" + sipPort, "probe", "probe");
            ua.send(probe.text());
            List<RawSip.Msg> responses = new ArrayList<>();
            boolean probed = false;
            Optional<Integer> status = Optional.empty();
            long deadline = System.nanoTime() + WAIT.toNanos();
            // until the probe is answered, and, when an answer is expected, until it has come
            while (!probed || (status.isEmpty() && isStatus(expected))) {
                long left = deadline - System.nanoTime();
                Optional<RawSip.Msg> m = left > 0 ? ua.receive(Duration.ofNanos(left)) : Optional.empty();
                if (m.isEmpty()) {
                    if (!probed) throw new AssertionError(entry + " over UDP: the switch did not answer OPTIONS afterwards");
                    break;
                }
                RawSip.Msg r = m.get();
                if (probe.callId.equals(r.header("Call-ID"))) {
                    probed |= r.status() == 200;
                    continue;
                }
                responses.add(r);
                if (status.isEmpty() && r.status() >= 200) status = Optional.of(r.status());
            }
            return new Result(status.map(String::valueOf).orElse("drop"), responses);
        }
    }

    static Result tcp(int sipPort, int tcpPort, SipCorpus.Entry entry, String expected) {
        try (RawSipTcp connection = new RawSipTcp(tcpPort)) {
            byte[] message = entry.render(values("TCP", connection.localPort(), sipPort));
            connection.send(message);
            try (RawSipTcp other = new RawSipTcp(tcpPort)) {
                RawSip.Msg probe = other.call(other.request("OPTIONS", "sip:127.0.0.1:" + sipPort, "probe", "probe"));
                if (probe.status() != 200) throw new AssertionError(entry + " over TCP: OPTIONS afterwards got " + probe);
            } catch (AssertionError e) {
                throw new AssertionError(entry + " over TCP: the switch did not answer OPTIONS afterwards", e);
            }
            List<RawSip.Msg> responses = new ArrayList<>();
            // a silent switch costs a short wait; an expected answer or close may take up to WAIT
            Duration wait = expected.equals("drop") ? Duration.ofMillis(100) : WAIT;
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Optional<RawSip.Msg> m = left > 0 ? connection.receive(Duration.ofNanos(left)) : Optional.empty();
                if (m.isEmpty()) break;
                responses.add(m.get());
                if (m.get().status() >= 200) return new Result(String.valueOf(m.get().status()), responses);
            }
            return new Result(connection.closedByPeer() ? "closed" : "drop", responses);
        }
    }

    /** Whether {@code outcome} is one of the {@code |}-separated alternatives of {@code expected}. */
    static boolean matches(String expected, String outcome) {
        return List.of(expected.split("\\|")).contains(outcome);
    }

    private static boolean isStatus(String expected) {
        return List.of(expected.split("\\|")).stream().allMatch(e -> e.matches("\\d{3}"));
    }

    private static Map<String, String> values(String transport, int localPort, int sipPort) {
        int n = COUNTER.incrementAndGet();
        return Map.of("TRANSPORT", transport, "LOCAL_PORT", Integer.toString(localPort),
                "BRANCH", "corpus-" + n, "CALL_ID", UUID.randomUUID() + "@corpus",
                "SWITCH", "127.0.0.1:" + sipPort);
    }
}
