package org.dialtone.sip;

import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

/**
 * Sends requests outside any dialog (REGISTER, OPTIONS) from the switch's endpoint to a fixed next hop, and routes
 * their outcome to a {@link ClientTransactionHandler}. The next hop is pinned per Call-ID on the stack's router, so a
 * request reaches a trunk's host:port (or its outbound proxy) whatever its Request-URI says.
 */
public final class NonInviteClient {
    private final SipEndpoint sip;

    NonInviteClient(SipEndpoint sip) { this.sip = sip; }

    /** A fresh, globally unique Call-ID. */
    public String newCallId(String transport) {
        return sip.provider(transport).getNewCallId().getCallId();
    }

    /** Requests with {@code callId} go to {@code host:port} over {@code transport} until {@link #forget}. */
    public void route(String callId, String host, int port, String transport) {
        sip.router.pin(callId, host, port, transport);
    }

    public void forget(String callId) { sip.router.unpin(callId); }

    /**
     * A request with our Via (rport), Max-Forwards 70 and User-Agent; no Contact (add {@link #contact} where the
     * method wants one).
     *
     * @param fromTag the From tag; keep it for a registration's life
     */
    public Request request(String method, String requestUri, String fromUri, String fromTag, String toUri,
                           String callId, long cseq, String transport) throws ParseException, InvalidArgumentException {
        URI target = sip.addresses.createURI(requestUri);
        FromHeader from = sip.headers.createFromHeader(sip.addresses.createAddress(fromUri), fromTag);
        ToHeader to = sip.headers.createToHeader(sip.addresses.createAddress(toUri), null);
        CallIdHeader id = sip.headers.createCallIdHeader(callId);
        CSeqHeader seq = sip.headers.createCSeqHeader(cseq, method);
        Request request = sip.messages.createRequest(target, method, id, seq, from, to,
                List.of(sip.via(transport)), sip.headers.createMaxForwardsHeader(70));
        request.addHeader(sip.headers.createHeader("User-Agent", "Dialtone"));
        return request;
    }

    /** Our Contact on {@code transport}: the advertised address, our port, {@code ;transport=}. */
    public ContactHeader contact(String transport) throws ParseException { return sip.contact(transport); }

    public HeaderFactory headers() { return sip.headers; }

    /**
     * A client transaction for {@code request} whose outcome goes to {@code handler}. Record it, then call
     * {@link ClientTransaction#sendRequest()}: a fast response then finds it recorded. {@code sendRequest} throws a
     * {@link javax.sip.SipException} when the request cannot be sent at all (e.g. TCP connection refused), and then no
     * callback follows.
     */
    public ClientTransaction newTransaction(Request request, String transport, ClientTransactionHandler handler)
            throws SipException {
        ClientTransaction tx = sip.provider(transport.toLowerCase(Locale.ROOT)).getNewClientTransaction(request);
        tx.setApplicationData(handler);
        return tx;
    }

    /** Hands a response to its transaction's handler; false when the transaction is not one of ours. */
    static boolean deliver(ResponseEvent event) {
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null || !(tx.getApplicationData() instanceof ClientTransactionHandler handler)) return false;
        handler.onResponse(tx, event.getResponse());
        return true;
    }

    static boolean deliver(TimeoutEvent event) {
        if (event.isServerTransaction()) return false;
        ClientTransaction tx = event.getClientTransaction();
        if (tx == null || !(tx.getApplicationData() instanceof ClientTransactionHandler handler)) return false;
        handler.onTimeout(tx);
        return true;
    }

    /** JAIN-SIP RI raises transport errors of a transaction with the transaction as the event's source. */
    static boolean deliver(IOExceptionEvent event) {
        if (!(event.getSource() instanceof ClientTransaction tx)
                || !(tx.getApplicationData() instanceof ClientTransactionHandler handler)) return false;
        handler.onTransportError(tx);
        return true;
    }
}
