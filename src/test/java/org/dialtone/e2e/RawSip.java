package org.dialtone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.sip.auth.DigestAlgorithm;
import org.dialtone.sip.auth.DigestResponseCalculator;

/**
 * A hand-written SIP UA over one UDP socket on 127.0.0.1, for tests that need exact control of the bytes: it builds
 * requests as text, sends them (or any garbage) to the switch, reads responses and answers digest challenges (MD5,
 * qop=auth) with {@link DigestResponseCalculator}.
 */
final class RawSip implements AutoCloseable {
    private static final AtomicInteger BRANCHES = new AtomicInteger();
    static final Duration WAIT = Duration.ofSeconds(3);

    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress server;
    private final ByteBuffer buffer = ByteBuffer.allocate(70_000);

    RawSip(int serverPort) {
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new InetSocketAddress("127.0.0.1", serverPort);
    }

    int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String contact(String user) { return "<sip:" + user + "@127.0.0.1:" + localPort() + ">"; }

    void send(String message) { send(message.getBytes(StandardCharsets.UTF_8)); }

    void send(byte[] bytes) {
        try {
            channel.send(ByteBuffer.wrap(bytes), server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message from the switch, or empty after {@code timeout}. */
    Optional<Msg> receive(Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                buffer.clear();
                if (channel.receive(buffer) != null) {
                    buffer.flip();
                    return Optional.of(Msg.parse(StandardCharsets.UTF_8.decode(buffer).toString()));
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return Optional.empty();
                selector.select(left);
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} and returns the first final response with its Call-ID (1xx and strays are skipped). */
    Msg call(Request request) {
        send(request.bytes());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Msg> m = receive(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m.isEmpty()) break;
            Msg r = m.get();
            if (r.isResponse() && r.status() >= 200 && request.callId.equals(r.header("Call-ID"))) {
                if (request.method.equals("INVITE")) send(request.ack(r).bytes());
                return r;
            }
        }
        throw new AssertionError("no final response to " + request.method + " " + request.callId + " within " + WAIT);
    }

    /** The next response to a {@code method} request (by CSeq), skipping everything else; fails after {@code timeout}. */
    Msg awaitResponse(String method, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Msg> m = receive(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m.isEmpty()) throw new AssertionError("no response to " + method + " within " + timeout);
            String cseq = m.get().header("CSeq");
            if (m.get().isResponse() && cseq != null && cseq.endsWith(" " + method)) return m.get();
        }
    }

    /** Like {@link #call}, answering one 401/407 challenge with {@code user}/{@code password}. */
    Msg callWithAuth(Request request, String user, String password) {
        Msg first = call(request);
        if (first.status() != 401 && first.status() != 407) return first;
        return call(request.next().authorize(first, user, password));
    }

    Request request(String method, String requestUri, String fromUser, String toUser) {
        return new Request(method, requestUri, fromUser, toUser, UUID.randomUUID() + "@raw", 1, new LinkedHashMap<>(),
                "", localPort());
    }

    Request register(String user) {
        return request("REGISTER", "sip:127.0.0.1:" + server.getPort(), user, user)
                .header("Contact", contact(user));
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A request under construction; every setter returns a copy-free this (tests build one message at a time). */
    static final class Request {
        final String method;
        final String requestUri;
        final String fromUser;
        final String toUser;
        final String callId;
        final int cseq;
        final Map<String, String> headers;
        String body;
        /** How {@link #body} becomes bytes: UTF-8, or ISO-8859-1 for a body given as bytes (one char per byte). */
        private Charset bodyCharset = StandardCharsets.UTF_8;
        /** The transport in the Via header: UDP, or TCP for {@link RawSipTcp}. */
        String transport = "UDP";
        private final int localPort;
        private final String fromTag;
        String branch = "z9hG4bK-raw-" + BRANCHES.incrementAndGet();

        Request(String method, String requestUri, String fromUser, String toUser, String callId, int cseq,
                Map<String, String> headers, String body, int localPort) {
            this(method, requestUri, fromUser, toUser, callId, cseq, headers, body, localPort,
                    "t" + BRANCHES.incrementAndGet());
        }

        private Request(String method, String requestUri, String fromUser, String toUser, String callId, int cseq,
                        Map<String, String> headers, String body, int localPort, String fromTag) {
            this.method = method;
            this.requestUri = requestUri;
            this.fromUser = fromUser;
            this.toUser = toUser;
            this.callId = callId;
            this.cseq = cseq;
            this.headers = headers;
            this.body = body;
            this.localPort = localPort;
            this.fromTag = fromTag;
        }

        Request header(String name, String value) { headers.put(name, value); return this; }

        Request body(String contentType, String text) {
            headers.put("Content-Type", contentType);
            body = text;
            bodyCharset = StandardCharsets.UTF_8;
            return this;
        }

        /** A body sent exactly as {@code bytes} (binary, or text that is not UTF-8). */
        Request body(String contentType, byte[] bytes) {
            headers.put("Content-Type", contentType);
            body = new String(bytes, StandardCharsets.ISO_8859_1);
            bodyCharset = StandardCharsets.ISO_8859_1;
            return this;
        }

        /** The same request with the next CSeq and a new branch (for a retry after a challenge). */
        Request next() {
            Request next = new Request(method, requestUri, fromUser, toUser, callId, cseq + 1,
                    new LinkedHashMap<>(headers), body, localPort, fromTag);
            next.bodyCharset = bodyCharset;
            next.transport = transport;
            return next;
        }

        /** Adds (Proxy-)Authorization answering the MD5 challenge of {@code challenge} (401 or 407). */
        Request authorize(Msg challenge, String user, String password) {
            boolean proxy = challenge.status() == 407;
            String chosen = challenge.headers(proxy ? "Proxy-Authenticate" : "WWW-Authenticate").stream()
                    .filter(h -> !h.toUpperCase(Locale.ROOT).contains("SHA-256")).findFirst()
                    .orElseThrow(() -> new AssertionError("no MD5 challenge in " + challenge));
            String realm = param(chosen, "realm");
            String nonce = param(chosen, "nonce");
            String opaque = param(chosen, "opaque");
            String ha1 = DigestAlgorithm.MD5.hex(user + ":" + realm + ":" + password);
            String cnonce = "c" + BRANCHES.incrementAndGet();
            String response = DigestResponseCalculator.response(DigestAlgorithm.MD5, ha1, nonce, "00000001", cnonce,
                    "auth", method, requestUri);
            String value = "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce
                    + "\", uri=\"" + requestUri + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001"
                    + ", cnonce=\"" + cnonce + "\"" + (opaque != null ? ", opaque=\"" + opaque + "\"" : "");
            return header(proxy ? "Proxy-Authorization" : "Authorization", value);
        }

        /** The CANCEL of this INVITE: the same branch, Call-ID, From tag and CSeq number (RFC 3261 §9.1). */
        Request cancel() {
            Request c = new Request("CANCEL", requestUri, fromUser, toUser, callId, cseq, new LinkedHashMap<>(), "",
                    localPort, fromTag);
            c.branch = branch;
            return c;
        }

        /** A new request of this INVITE's dialog, which {@code ok} (its 200) confirmed: to its Contact, with its To. */
        Request inDialog(String newMethod, Msg ok, int newCseq) {
            String contact = ok.header("Contact");
            String target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
            Request r = new Request(newMethod, target, fromUser, toUser, callId, newCseq, new LinkedHashMap<>(), "",
                    localPort, fromTag);
            r.toHeaderOverride = ok.header("To");
            return r;
        }

        Request ack(Msg response) {
            Request ack = new Request("ACK", requestUri, fromUser, toUser, callId, cseq, new LinkedHashMap<>(), "",
                    localPort, fromTag);
            ack.branch = branch;
            ack.transport = transport;
            ack.toHeaderOverride = response.header("To");
            return ack;
        }

        private String toHeaderOverride;

        String text() {
            StringBuilder b = new StringBuilder();
            b.append(method).append(' ').append(requestUri).append(" SIP/2.0\r\n");
            b.append("Via: SIP/2.0/").append(transport).append(" 127.0.0.1:").append(localPort).append(";branch=")
                    .append(branch).append(";rport\r\n");
            b.append("Max-Forwards: 70\r\n");
            b.append("From: <sip:").append(fromUser).append("@127.0.0.1>;tag=").append(fromTag).append("\r\n");
            b.append("To: ").append(toHeaderOverride != null ? toHeaderOverride : "<sip:" + toUser + "@127.0.0.1>")
                    .append("\r\n");
            b.append("Call-ID: ").append(callId).append("\r\n");
            b.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
            headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
            byte[] content = body.getBytes(bodyCharset);
            b.append("Content-Length: ").append(content.length).append("\r\n\r\n").append(body);
            return b.toString();
        }

        /** The request as sent: {@link #text()} in the body's charset (the headers are ASCII either way). */
        byte[] bytes() { return text().getBytes(bodyCharset); }
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile("(?i)[\\s,]" + name + "=(\"([^\"]*)\"|([^,\\s]+))").matcher(" " + header);
        if (!m.find()) return null;
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** A received SIP message: start line, headers (case-insensitive names, compact forms not expanded), body. */
    record Msg(String startLine, Map<String, List<String>> headerMap, String body) {
        static Msg parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            String[] lines = head.split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) continue;
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            return new Msg(lines[0], headers, body);
        }

        boolean isResponse() { return startLine.startsWith("SIP/2.0 "); }

        int status() { return isResponse() ? Integer.parseInt(startLine.substring(8, 11)) : -1; }

        String header(String name) {
            List<String> v = headers(name);
            return v.isEmpty() ? null : v.get(0);
        }

        List<String> headers(String name) { return headerMap.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()); }

        @Override
        public String toString() { return startLine + " " + headerMap; }
    }
}
