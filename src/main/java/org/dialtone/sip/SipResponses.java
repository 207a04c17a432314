package org.dialtone.sip;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.header.ToHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Building and sending responses with the headers every response of ours carries. */
final class SipResponses {
    private static final Logger log = LoggerFactory.getLogger(SipResponses.class);

    private SipResponses() {}

    static Response create(SipEndpoint sip, Request request, int status) throws ParseException {
        Response r = sip.messages.createResponse(status, request);
        r.setHeader(sip.server());
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (status >= 200 && status != 100 && to != null && to.getTag() == null) to.setTag(Tags.next());
        return r;
    }

    /** Sends 488 with a Warning (304) that says why the SDP was refused; failures are logged, never thrown. */
    static void sendNotAcceptable(SipEndpoint sip, ServerTransaction tx, Request request, String why) {
        try {
            Response r = create(sip, request, Response.NOT_ACCEPTABLE_HERE);
            r.addHeader(warning(sip, why));
            tx.sendResponse(r);
        } catch (Exception e) {
            log.debug("could not send 488 to {}: {}", request.getMethod(), e.toString());
        }
    }

    /**
     * A Warning (304, agent {@code dialtone}) saying {@code why}. Such reasons quote what the peer sent (an SDP line),
     * and the stack writes the text between quotes as it is: quotes, backslashes, control characters and non-ASCII
     * become '?', and the text is cut to {@value #MAX_WARNING_CHARS} characters, so the header stays one valid
     * quoted string.
     */
    static WarningHeader warning(SipEndpoint sip, String why) throws ParseException, InvalidArgumentException {
        return sip.headers.createWarningHeader("dialtone", 304, warningText(why));
    }

    static final int MAX_WARNING_CHARS = 200;

    static String warningText(String why) {
        String printable = String.valueOf(why).replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "?");
        return printable.length() <= MAX_WARNING_CHARS ? printable
                : printable.substring(0, MAX_WARNING_CHARS - 3) + "...";
    }

    /**
     * Sends a final response without a transaction: once, never repeated (an INVITE server transaction would resend a
     * non-2xx answer until ACKed, to a source that may be spoofed). Failures are logged, never thrown.
     */
    static void sendStateless(SipEndpoint sip, SipProvider provider, Request request, int status) {
        try {
            provider.sendResponse(create(sip, request, status));
        } catch (Exception e) {
            log.debug("could not send {} to {}: {}", status, request.getMethod(), e.toString());
        }
    }

    /** Sends a final response; failures (transaction gone, peer unreachable) are logged, never thrown. */
    static void send(SipEndpoint sip, ServerTransaction tx, Request request, int status) {
        send(sip, tx, request, status, null);
    }

    /** Like {@link #send(SipEndpoint, ServerTransaction, Request, int)} with our own reason phrase (null: standard). */
    static void send(SipEndpoint sip, ServerTransaction tx, Request request, int status, String reasonPhrase) {
        try {
            Response r = create(sip, request, status);
            if (reasonPhrase != null) r.setReasonPhrase(reasonPhrase);
            tx.sendResponse(r);
        } catch (Exception e) {
            log.debug("could not send {} to {}: {}", status, request.getMethod(), e.toString());
        }
    }
}
