package org.dialtone.sip;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;

/**
 * The legs of the switch's open dialogs. A SIP event finds its leg through the application data of its transaction
 * or dialog, set here; the registry itself only keeps each (Call-ID, leg) pair so that open legs can be counted (a
 * leak check). It is never searched by Call-ID: a Call-ID is chosen by whoever starts the dialog, and two devices
 * that use the same one must not find, replace or end each other's leg.
 */
final class LegRegistry {
    private record Binding(String callId, SipLeg leg) {}

    private final Set<Binding> open = ConcurrentHashMap.newKeySet();

    void add(SipLeg leg, String callId, ClientTransaction tx, Dialog dialog) {
        tx.setApplicationData(leg);
        dialog.setApplicationData(leg);
        open.add(new Binding(callId, leg));
    }

    void add(SipLeg leg, String callId, ServerTransaction tx, Dialog dialog) {
        tx.setApplicationData(leg);
        dialog.setApplicationData(leg);
        open.add(new Binding(callId, leg));
    }

    void remove(String callId, SipLeg leg) { open.remove(new Binding(callId, leg)); }

    /** Legs not yet finished: zero when the switch is idle (a leak check). */
    int size() { return open.size(); }
}
