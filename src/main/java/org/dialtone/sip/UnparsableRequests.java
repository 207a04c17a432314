package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's message parser (set as {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}, so public with a public
 * no-argument constructor), which answers a UDP request it cannot parse itself instead of letting the stack do it.
 * JAIN-SIP 1.3.0-91 ({@code UDPMessageChannel.processIncomingDataPacket} → {@code MessageChannel.createBadReqRes})
 * answers such a request with a 400 whose reason phrase carries the parser's message (a line break and internals)
 * and whose body echoes the whole request, headers copied by substring search (a bare LF inside one travels along):
 * a spoofed source gets our bytes back, more than it sent. Here the parser's failure never reaches the stack (it sees
 * no message, and drops the datagram silently); instead {@link #badRequest} builds a small, well-formed 400 from the
 * request's own Via, From, To, Call-ID and CSeq, sent once to the datagram's source and never longer than the
 * request, or nothing when those headers are missing or unsafe to copy. TCP is left to the stack (it closes the
 * connection or drops the message; see {@link TcpFraming}).
 *
 * <p>Runs on the stack's UDP worker threads; stateless.
 */
public final class UnparsableRequests implements MessageParserFactory {
    private static final Logger log = LoggerFactory.getLogger(UnparsableRequests.class);
    /** The datagram a UDP channel is processing (private in the stack; set before it parses). */
    private static final Field INCOMING_PACKET = incomingPacketField();
    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]{1,32}");
    private static final Pattern TO_TAG = Pattern.compile(";\\s*tag\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern SAFE_VALUE = Pattern.compile("[\\x20-\\x7e\\t\\x80-\\xff]{1,2048}");

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser stacks = new StringMsgParserFactory().createMessageParser(stack);
        return (bytes, readBody, strict, listener) -> {
            try {
                SIPMessage message = stacks.parseSIPMessage(bytes, readBody, strict, listener);
                // the stack's UDP channel reads the CSeq's method without looking (a NullPointerException, logged at
                // ERROR); it drops such a request anyway (a response without CSeq it drops unread)
                if (listener instanceof UDPMessageChannel && message instanceof SIPRequest && message.getCSeq() == null) {
                    return null;
                }
                return message;
            } catch (ParseException e) {
                if (!(listener instanceof UDPMessageChannel channel)) throw e;
                answer(channel, bytes, e);
                return null; // the stack drops a datagram that parses to nothing, without a word
            }
        };
    }

    private static void answer(UDPMessageChannel channel, byte[] request, ParseException why) {
        byte[] reply = badRequest(request, Tags.next());
        log.debug("Unparsable SIP request over UDP from {} ({}): {}", channel.getPeerAddress(),
                reply == null ? "dropped" : "answered 400", SipResponses.warningText(why.getMessage()));
        if (reply == null) return;
        try {
            DatagramPacket source = (DatagramPacket) INCOMING_PACKET.get(channel);
            if (source == null || !(channel.getMessageProcessor() instanceof SipMessageProcessors.Udp udp)) return;
            udp.send(new DatagramPacket(reply, reply.length, source.getSocketAddress()));
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            log.debug("could not answer an unparsable SIP request: {}", e.toString());
        }
    }

    /**
     * The 400 for an unparsable {@code request}: the status line, its Vias, From, To (with {@code toTag} when it
     * has none), Call-ID and CSeq copied, and {@code Content-Length: 0}; or null (drop) for a response, an ACK, a
     * request without any of those headers, with one that holds a control character (a bare CR or LF could smuggle a
     * line into our answer), or one whose answer would be longer than itself.
     */
    static byte[] badRequest(byte[] request, String toTag) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n", -1);
        String method = lines[0].split(" ", 2)[0];
        if (lines.length < 2 || !METHOD.matcher(method).matches() || method.equals("ACK")
                || lines[0].startsWith("SIP/")) {
            return null;
        }
        List<String> vias = new ArrayList<>();
        String from = null;
        String to = null;
        String callId = null;
        String cseq = null;
        for (String header : unfold(lines)) {
            int colon = header.indexOf(':');
            if (colon <= 0) continue;
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            boolean wanted = switch (name) {
                case "via", "v", "from", "f", "to", "t", "call-id", "i", "cseq" -> true;
                default -> false;
            };
            if (!wanted) continue;
            if (!SAFE_VALUE.matcher(value).matches()) return null;
            switch (name) {
                case "via", "v" -> vias.add(value);
                case "from", "f" -> from = from == null ? value : from;
                case "to", "t" -> to = to == null ? value : to;
                case "call-id", "i" -> callId = callId == null ? value : callId;
                default -> cseq = cseq == null ? value : cseq;
            }
        }
        if (vias.isEmpty() || from == null || to == null || callId == null || cseq == null
                || !vias.getFirst().toUpperCase(Locale.ROOT).startsWith("SIP/2.0/")) {
            return null;
        }
        StringBuilder b = new StringBuilder(256).append("SIP/2.0 400 Bad Request\r\n");
        vias.forEach(v -> b.append("Via: ").append(v).append("\r\n"));
        b.append("From: ").append(from).append("\r\n");
        b.append("To: ").append(to).append(TO_TAG.matcher(to).find() ? "" : ";tag=" + toTag).append("\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(cseq).append("\r\n");
        b.append("Content-Length: 0\r\n\r\n");
        byte[] reply = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        return reply.length <= request.length ? reply : null;
    }

    /**
     * Header lines (the request line left out), continuation lines (starting with a space or tab) joined. Linear in
     * the datagram's size: a 64 KB datagram of 16,000 one-character continuation lines must not cost a quadratic copy.
     */
    private static List<String> unfold(String[] lines) {
        List<StringBuilder> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                headers.getLast().append(' ').append(line.strip());
            } else {
                headers.add(new StringBuilder(line));
            }
        }
        return headers.stream().map(StringBuilder::toString).toList();
    }

    private static Field incomingPacketField() {
        try {
            Field f = UDPMessageChannel.class.getDeclaredField("incomingPacket");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JAIN-SIP has no UDPMessageChannel.incomingPacket", e);
        }
    }
}
