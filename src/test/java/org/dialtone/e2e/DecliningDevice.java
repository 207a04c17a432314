package org.dialtone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.sip.auth.DigestAlgorithm;
import org.dialtone.sip.auth.DigestResponseCalculator;

/**
 * A minimal SIP device over UDP that registers with digest auth and declines every INVITE with 180 then 603
 * (baresip 1.0's {@code hangup} can only reject with 486), or answers one with exactly the SDP a test gives it (which
 * no real phone would send). Test-only: it parses just enough SIP to do that.
 */
final class DecliningDevice implements AutoCloseable {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"?([^\",]*)\"?");

    private final DatagramSocket socket;
    private final InetSocketAddress registrar;
    private final String user;
    private final String password;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    DecliningDevice(int registrarPort, String user, String password) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.registrar = new InetSocketAddress(InetAddress.getLoopbackAddress(), registrarPort);
        this.user = user;
        this.password = password;
    }

    /** REGISTER, answer the 401 challenge, and fail unless the switch says 200. */
    void register() {
        String callId = UUID.randomUUID() + "@127.0.0.1";
        send(register(callId, 1, null), registrar);
        String challenge = receive(Duration.ofSeconds(5), "SIP/2.0 401");
        String header = header(challenge, "WWW-Authenticate");
        String realm = param(header, "realm");
        String nonce = param(header, "nonce");
        String uri = "sip:127.0.0.1:" + registrar.getPort();
        String ha1 = DigestAlgorithm.MD5.hex(user + ":" + realm + ":" + password);
        String response = DigestResponseCalculator.response(DigestAlgorithm.MD5, ha1, nonce, "00000001", "c0ffee",
                "auth", "REGISTER", uri);
        String auth = "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                + uri + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\"";
        send(register(callId, 2, auth), registrar);
        receive(Duration.ofSeconds(5), "SIP/2.0 200");
    }

    /** Waits for an INVITE and declines it (180, then 603); returns the INVITE. */
    String declineNextInvite(Duration timeout) {
        String invite = receive(timeout, "INVITE ");
        send(response(invite, "180 Ringing"), registrar);
        send(response(invite, "603 Decline"), registrar);
        receive(Duration.ofSeconds(5), "ACK ");
        return invite;
    }

    /** Waits for an INVITE and answers it 200 OK with {@code sdp} as the body; returns the INVITE. */
    String answerNextInvite(String sdp, Duration timeout) {
        String invite = receive(timeout, "INVITE ");
        String contact = "Contact: <sip:" + user + "@127.0.0.1:" + socket.getLocalPort() + ">\r\n";
        send(response(invite, "200 OK").replace("Content-Length: 0\r\n\r\n", contact
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp), registrar);
        return invite;
    }

    /** Waits for a BYE (skipping the ACK and anything else) and answers it 200 OK; returns the BYE. */
    String acceptBye(Duration timeout) {
        String bye = receive(timeout, "BYE ");
        send(response(bye, "200 OK"), registrar);
        return bye;
    }

    private String register(String callId, int cseq, String authorization) {
        int port = socket.getLocalPort();
        return "REGISTER sip:127.0.0.1:" + registrar.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";rport;branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@127.0.0.1>;tag=" + tag + "\r\n"
                + "To: <sip:" + user + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "-decline@127.0.0.1:" + port + ">\r\n"
                + "Expires: 60\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
    }

    private static String response(String request, String status) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String line : headerLines(request)) {
            String name = line.substring(0, line.indexOf(':')).trim();
            if (name.equalsIgnoreCase("Via") || name.equalsIgnoreCase("From") || name.equalsIgnoreCase("Call-ID")
                    || name.equalsIgnoreCase("CSeq")) {
                b.append(line).append("\r\n");
            } else if (name.equalsIgnoreCase("To")) {
                b.append(line).append(line.contains(";tag=") ? "" : ";tag=decline1").append("\r\n");
            }
        }
        return b.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static List<String> headerLines(String message) {
        List<String> out = new ArrayList<>();
        String[] lines = message.split("\r\n");
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) { // lines[0] is the start line
            if (lines[i].indexOf(':') > 0) out.add(lines[i]);
        }
        return out;
    }

    private static String header(String message, String name) {
        for (String line : headerLines(message)) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) return line.substring(name.length() + 1);
        }
        throw new AssertionError("no " + name + " in\n" + message);
    }

    private static String param(String header, String name) {
        Matcher m = PARAM.matcher(header);
        while (m.find()) if (m.group(1).equalsIgnoreCase(name)) return m.group(2);
        throw new AssertionError("no " + name + " in " + header);
    }

    private void send(String message, InetSocketAddress to) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message starting with {@code prefix} within {@code timeout}; others (retransmissions, 100) are skipped. */
    private String receive(Duration timeout, String prefix) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[65535];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) throw new AssertionError("no '" + prefix + "' from the switch within " + timeout);
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (msg.startsWith(prefix)) return msg;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() { socket.close(); }
}
