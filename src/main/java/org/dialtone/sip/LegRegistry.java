package org.dialtone.sip;

import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.Transaction;
import javax.sip.TransactionState;

/**
 * The legs of the switch's open dialogs. A SIP event finds its leg through the application data of its transaction
 * or dialog, set here; the registry itself only keeps each (Call-ID, leg) pair so that open legs can be counted (a
 * leak check). It is never searched by Call-ID: a Call-ID is chosen by whoever starts the dialog, and two devices
 * that use the same one must not find, replace or end each other's leg.
 * <p>
 * The stack keeps a call's transactions and dialogs for up to 32 s after the call (RFC 3261 timers, to absorb
 * retransmissions). A leg still attached to them as application data would keep its call, RTP sockets, receive
 * threads and buffers alive as long, roughly doubling what a finished call costs in heap. So a leg is detached from
 * them when it is removed here (it has finished), unless its transaction may still bring a response the leg must act
 * on (an outbound fork still ringing, whose CANCEL or late answer the leg handles).
 */
final class LegRegistry {
    private record Binding(String callId, SipLeg leg) {}

    /** What the stack holds for one binding. */
    private record Held(Transaction tx, Dialog dialog) {}

    private final ConcurrentHashMap<Binding, Held> open = new ConcurrentHashMap<>();

    void add(SipLeg leg, String callId, ClientTransaction tx, Dialog dialog) { attach(leg, callId, tx, dialog); }

    void add(SipLeg leg, String callId, ServerTransaction tx, Dialog dialog) { attach(leg, callId, tx, dialog); }

    private void attach(SipLeg leg, String callId, Transaction tx, Dialog dialog) {
        tx.setApplicationData(leg);
        dialog.setApplicationData(leg);
        open.put(new Binding(callId, leg), new Held(tx, dialog));
    }

    /** The leg is done with {@code callId}: forget it, and detach it from the stack's objects if nothing is pending. */
    void remove(String callId, SipLeg leg) {
        Held h = open.remove(new Binding(callId, leg));
        if (h == null) return;
        if (mayStillRespond(h.tx())) return; // the stack lets go of the transaction, and of the leg, when it ends
        if (h.tx().getApplicationData() == leg) h.tx().setApplicationData(null);
        if (h.dialog().getApplicationData() == leg) h.dialog().setApplicationData(null);
    }

    /** A client transaction without a final response yet (a fork still ringing or being cancelled). */
    private static boolean mayStillRespond(Transaction tx) {
        if (!(tx instanceof ClientTransaction)) return false;
        TransactionState state = tx.getState();
        return state != TransactionState.COMPLETED && state != TransactionState.TERMINATED;
    }

    /** Legs not yet finished: zero when the switch is idle (a leak check). */
    int size() { return open.size(); }
}
