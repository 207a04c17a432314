package org.dialtone.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link RawSip} over one TCP connection to the switch: the same requests ({@link RawSip.Request}, with a TCP Via) and
 * the same parsed responses ({@link RawSip.Msg}), framed by Content-Length. Also sends raw bytes, and tells when the
 * switch closed the connection.
 */
final class RawSipTcp implements AutoCloseable {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:content-length|l)[ \\t]*:[ \\t]*(\\d+)");
    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean closedByPeer;

    RawSipTcp(int serverPort) {
        try {
            socket = new Socket("127.0.0.1", serverPort);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int localPort() { return socket.getLocalPort(); }

    /** Writes {@code bytes}; false when the switch has already closed the connection. */
    boolean send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            closedByPeer = true;
            return false;
        }
    }

    /** True once the switch closed (or reset) the connection. */
    boolean closedByPeer() { return closedByPeer; }

    /** The next complete message from the switch, or empty after {@code timeout} or when the connection closed. */
    Optional<RawSip.Msg> receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[8192];
        while (true) {
            Optional<RawSip.Msg> framed = frame();
            if (framed.isPresent()) return framed;
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || closedByPeer) return Optional.empty();
            try {
                socket.setSoTimeout((int) Math.max(1, left));
                int n = in.read(buf);
                if (n < 0) closedByPeer = true;
                else pending.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            } catch (IOException e) {
                closedByPeer = true;
            }
        }
    }

    /** Takes one whole message off the front of what was read, if there is one. */
    private Optional<RawSip.Msg> frame() {
        String text = pending.toString(StandardCharsets.ISO_8859_1);
        int start = 0;
        while (text.startsWith("\r\n", start)) start += 2; // keep-alive CRLFs
        int headEnd = text.indexOf("\r\n\r\n", start);
        if (headEnd < 0) return Optional.empty();
        Matcher m = CONTENT_LENGTH.matcher(text.substring(start, headEnd));
        int bodyLength = m.find() ? Integer.parseInt(m.group(1)) : 0;
        int end = headEnd + 4 + bodyLength;
        if (text.length() < end) return Optional.empty();
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, end, all.length - end);
        return Optional.of(RawSip.Msg.parse(new String(all, start, end - start, StandardCharsets.UTF_8)));
    }

    RawSip.Request request(String method, String requestUri, String fromUser, String toUser) {
        RawSip.Request r = new RawSip.Request(method, requestUri, fromUser, toUser, UUID.randomUUID() + "@raw-tcp", 1,
                new LinkedHashMap<>(), "", localPort());
        r.transport = "TCP";
        return r;
    }

    /** Sends {@code request} and returns the first final response with its Call-ID; ACKs it if it answers an INVITE. */
    RawSip.Msg call(RawSip.Request request) {
        send(request.bytes());
        long deadline = System.nanoTime() + RawSip.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RawSip.Msg> m = receive(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m.isEmpty()) break;
            RawSip.Msg r = m.get();
            if (r.isResponse() && r.status() >= 200 && request.callId.equals(r.header("Call-ID"))) {
                if (request.method.equals("INVITE")) send(request.ack(r).bytes());
                return r;
            }
        }
        throw new AssertionError("no final response over TCP to " + request.method + " " + request.callId + " within "
                + RawSip.WAIT + (closedByPeer ? " (the switch closed the connection)" : ""));
    }

    /** Like {@link #call}, answering one 401/407 challenge with {@code user}/{@code password}. */
    RawSip.Msg callWithAuth(RawSip.Request request, String user, String password) {
        RawSip.Msg first = call(request);
        if (first.status() != 401 && first.status() != 407) return first;
        return call(request.next().authorize(first, user, password));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
