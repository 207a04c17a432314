package org.dialtone.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What JAIN-SIP's TCP framing ({@code NioPipelineParser}, 1.3.0-91) reads, made of what a peer sent on one
 * connection. That parser splits lines at LF, ends the headers only at an empty line ending in CRLF, and learns the
 * body's length only from a line starting with {@code Content-Length}: a message with LF line ends waits for an end
 * that never comes, and one with the compact {@code l:} is cut before its body, whose bytes are then read as the next
 * message (and it finds the Call-ID, which it needs, by the full name only). Here the header lines of each message
 * are rewritten before the stack sees them: line ends become CRLF, a Content-Length (full or compact) becomes
 * {@code Content-Length: N}, a compact {@code i:} becomes {@code Call-ID:}, and the body passes through untouched. A
 * stream that cannot be framed honestly is {@link Refused} (the connection is closed): a line ending in CR alone, a
 * message mixing CRLF and LF line ends (a bare LF inside a header is how a line is smuggled in), a header line longer
 * than the message limit, or a Content-Length that is not a number within it.
 *
 * <p>One per connection, fed by the connection's selector thread only (not thread-safe).
 */
final class TcpFraming {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Pattern LENGTH = Pattern.compile("\\d{1,9}");

    /** The stream cannot be framed; the connection must be closed (not an IOException: see GuardedTcpProcessors). */
    static final class Refused extends Exception {
        Refused(String why) { super(why, null, false, false); }
    }

    private final int maxMessageSize;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean pendingCr;
    /** Whether a message's start line has been read and its empty line not yet. */
    private boolean inMessage;
    /** Whether the current message's lines end in LF alone (decided by its start line). */
    private boolean bareLf;
    private int contentLength;
    private int bodyLeft;

    TcpFraming(int maxMessageSize) { this.maxMessageSize = maxMessageSize; }

    /** The bytes to hand the stack for {@code bytes} received (possibly none yet: a line is incomplete). */
    byte[] feed(byte[] bytes) throws Refused {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 32);
        int i = 0;
        while (i < bytes.length) {
            if (bodyLeft > 0) {
                int n = Math.min(bodyLeft, bytes.length - i);
                out.write(bytes, i, n);
                bodyLeft -= n;
                i += n;
                continue;
            }
            byte b = bytes[i++];
            if (pendingCr && b != '\n') throw new Refused("a line ends with CR alone (SIP lines end with CRLF)");
            if (b == '\r') {
                pendingCr = true;
            } else if (b == '\n') {
                lineEnded(pendingCr, out);
                pendingCr = false;
            } else if (line.size() >= maxMessageSize) {
                throw new Refused("a header line is longer than " + maxMessageSize + " bytes");
            } else {
                line.write(b);
            }
        }
        return out.toByteArray();
    }

    private void lineEnded(boolean crlf, ByteArrayOutputStream out) throws Refused {
        if (line.size() == 0) {
            if (!inMessage) {
                if (crlf) out.writeBytes(CRLF); // a keep-alive between messages (RFC 5626): the stack answers it
                return;
            }
            sameLineEnds(crlf);
            out.writeBytes(CRLF);
            inMessage = false;
            bodyLeft = contentLength;
            contentLength = 0;
            return;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        line.reset();
        if (inMessage) {
            sameLineEnds(crlf);
            text = contentLength(text);
        } else {
            inMessage = true;
            bareLf = !crlf;
        }
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(CRLF);
    }

    private void sameLineEnds(boolean crlf) throws Refused {
        if (bareLf == crlf) throw new Refused("a message mixes CRLF and LF line ends");
    }

    /**
     * {@code header} as it is, or a Content-Length (full or compact, its value remembered) or a compact Call-ID
     * written in full.
     */
    private String contentLength(String header) throws Refused {
        int colon = header.indexOf(':');
        if (colon <= 0 || header.charAt(0) == ' ' || header.charAt(0) == '\t') return header;
        String name = header.substring(0, colon).trim();
        String value = header.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("i")) return "Call-ID: " + value; // the stack orders messages by Call-ID, full name only
        if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("l")) return header;
        if (!LENGTH.matcher(value).matches() || Integer.parseInt(value) > maxMessageSize) {
            throw new Refused("Content-Length \"" + SipResponses.warningText(value) + "\" is not a number of at most "
                    + maxMessageSize);
        }
        contentLength = Integer.parseInt(value);
        return "Content-Length: " + contentLength;
    }
}
