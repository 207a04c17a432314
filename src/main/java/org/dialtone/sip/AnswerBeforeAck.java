package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Keeps the caller's ACK from overtaking the switch's own 2xx to an INVITE inside the SIP stack, which made the switch
 * send that 200 OK a second time for 5-9 % of calls at 300-400 calls/s.
 *
 * <p>JAIN-SIP sends a 2xx to an INVITE and only afterwards starts the dialog's retransmission timer
 * ({@code SIPServerTransactionImpl.sendResponse}), and the dialog knows which INVITE an ACK acknowledges only through
 * that timer ({@code SIPDialog.getInviteTransaction}). A caller on a fast network answers the 200 within a fraction of
 * a millisecond; when a SIP thread takes that ACK before the sending thread has started the timer (a moment's
 * preemption, or that thread waiting for the stack's timer queue lock), the stack does not record the ACK, starts the
 * timer, sends the 200 again 500 ms later, and only the caller's second ACK stops it. Captured on loopback: ACK 0.1 ms
 * after the 200, the same 200 again at 500 ms.
 *
 * <p>So every 2xx to an INVITE goes out through {@link #send}, which marks its Call-ID while the stack sends it; this
 * valve, on the SIP thread that received an ACK for a marked Call-ID, waits until that send (timer included) has
 * returned, at most {@value #MAX_WAIT_MS} ms. Thread-safe.
 */
final class AnswerBeforeAck implements SIPMessageValve {
    static final long MAX_WAIT_MS = 200;

    private final ConcurrentHashMap<String, CountDownLatch> sending = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();

    /** Sends {@code response}, a 2xx to the INVITE of {@code tx}, so that its ACK is matched the first time. */
    void send(ServerTransaction tx, Response response) throws SipException, InvalidArgumentException {
        String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        CountDownLatch sent = new CountDownLatch(1);
        sending.put(callId, sent);
        try {
            tx.sendResponse(response);
        } finally {
            sending.remove(callId, sent);
            sent.countDown();
        }
    }

    /** ACKs that arrived while their 2xx was still being sent, and waited for it, since start. */
    long heldAcks() { return held.get(); }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (!Request.ACK.equals(request.getMethod()) || request.getCallId() == null) return true;
        CountDownLatch sent = sending.get(request.getCallId().getCallId());
        if (sent != null && sent.getCount() > 0) {
            held.incrementAndGet();
            try {
                sent.await(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) { return true; }

    @Override
    public void init(SipStack stack) { }

    @Override
    public void destroy() { }
}
