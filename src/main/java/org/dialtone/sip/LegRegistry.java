package org.dialtone.sip;

import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;

/** Finds the leg a SIP event belongs to: by transaction or dialog application data, or by Call-ID. */
final class LegRegistry {
    private final ConcurrentHashMap<String, SipLeg> byCallId = new ConcurrentHashMap<>();

    void add(SipLeg leg, String callId, ClientTransaction tx, Dialog dialog) {
        tx.setApplicationData(leg);
        dialog.setApplicationData(leg);
        byCallId.put(callId, leg);
    }

    void add(SipLeg leg, String callId, ServerTransaction tx, Dialog dialog) {
        tx.setApplicationData(leg);
        dialog.setApplicationData(leg);
        byCallId.put(callId, leg);
    }

    SipLeg byCallId(String callId) { return byCallId.get(callId); }

    void remove(String callId, SipLeg leg) { byCallId.remove(callId, leg); }

    /** Legs not yet finished: zero when the switch is idle (a leak check). */
    int size() { return byCallId.size(); }
}
