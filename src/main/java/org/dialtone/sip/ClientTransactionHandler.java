package org.dialtone.sip;

import javax.sip.ClientTransaction;
import javax.sip.message.Response;

/**
 * Receives the outcome of a request sent with {@link NonInviteClient#send}: the handler is the transaction's
 * application data, and the {@link SipServer} hands it every response, timeout and transport error of that
 * transaction. Called on SIP stack threads: return quickly, never block on I/O other than sending SIP.
 */
public interface ClientTransactionHandler {
    /** A response (provisional or final) to the request sent on {@code tx}. */
    void onResponse(ClientTransaction tx, Response response);

    /** No final response arrived before the transaction timed out (RFC 3261 Timer F). */
    void onTimeout(ClientTransaction tx);

    /** The transport failed while sending or resending the request (e.g. TCP connection refused or reset). */
    void onTransportError(ClientTransaction tx);
}
