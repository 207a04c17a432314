package org.dialtone.sip;

import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.Transaction;
import javax.sip.TransactionState;

/**
 * Finds the leg a SIP event belongs to: by transaction or dialog application data, or by Call-ID.
 * <p>
 * The stack keeps a call's transactions and dialogs for up to 32 s after the call (RFC 3261 timers, to absorb
 * retransmissions). A leg still attached to them as application data would keep its call, RTP sockets, receive
 * threads and buffers alive as long, roughly doubling what a finished call costs in heap. So a leg is detached from
 * them when it is removed here (it has finished), unless its transaction may still bring a response the leg must act
 * on (an outbound fork still ringing, whose CANCEL or late answer the leg handles).
 */
final class LegRegistry {
    /** What the stack holds for one Call-ID of a leg. */
    private record Entry(SipLeg leg, Transaction tx, Dialog dialog) {}

    private final ConcurrentHashMap<String, Entry> byCallId = new ConcurrentHashMap<>();

    void add(SipLeg leg, String callId, ClientTransaction tx, Dialog dialog) { attach(leg, callId, tx, dialog); }

    void add(SipLeg leg, String callId, ServerTransaction tx, Dialog dialog) { attach(leg, callId, tx, dialog); }

    private void attach(SipLeg leg, String callId, Transaction tx, Dialog dialog) {
        tx.setApplicationData(leg);
        dialog.setApplicationData(leg);
        byCallId.put(callId, new Entry(leg, tx, dialog));
    }

    SipLeg byCallId(String callId) {
        Entry e = byCallId.get(callId);
        return e == null ? null : e.leg();
    }

    /** The leg is done with {@code callId}: forget it, and detach it from the stack's objects if nothing is pending. */
    void remove(String callId, SipLeg leg) {
        Entry e = byCallId.get(callId);
        if (e == null || e.leg() != leg || !byCallId.remove(callId, e)) return;
        if (mayStillRespond(e.tx())) return; // the stack lets go of the transaction, and of the leg, when it ends
        if (e.tx().getApplicationData() == leg) e.tx().setApplicationData(null);
        if (e.dialog().getApplicationData() == leg) e.dialog().setApplicationData(null);
    }

    /** A client transaction without a final response yet (a fork still ringing or being cancelled). */
    private static boolean mayStillRespond(Transaction tx) {
        if (!(tx instanceof ClientTransaction)) return false;
        TransactionState state = tx.getState();
        return state != TransactionState.COMPLETED && state != TransactionState.TERMINATED;
    }

    /** Legs not yet finished: zero when the switch is idle (a leak check). */
    int size() { return byCallId.size(); }
}
