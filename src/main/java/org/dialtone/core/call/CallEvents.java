package org.dialtone.core.call;

import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;

/** Builds a call's channel events (the vendor's attribute set) and publishes them on the bus. */
final class CallEvents {
    private final Call call;

    CallEvents(Call call) {
        this.call = call;
    }

    /**
     * @param subject the channel the event is about
     * @param caller  the calling side of this moment of the call (null: the subject stands for itself)
     * @param callee  the called side (null: the subject)
     */
    void publish(EventType type, Channel subject, Channel caller, Channel callee) {
        PartyInfo s = subject.party();
        PartyInfo from = caller == null ? s : caller == subject ? s : caller.party();
        PartyInfo to = callee == null ? s : callee == subject ? s : callee.party();
        publish(type, subject, from, to, s);
    }

    /** With the called party given as a snapshot (a party that never had a channel). */
    void publish(EventType type, Channel subject, Channel caller, PartyInfo callee) {
        PartyInfo s = subject.party();
        publish(type, subject, caller == subject ? s : caller.party(), callee, s);
    }

    private void publish(EventType type, Channel subject, PartyInfo caller, PartyInfo callee, PartyInfo channel) {
        call.service().events().publish(new ChannelEvent(type, subject.uniqueId(), call.linkedId(),
                System.currentTimeMillis() / 1000.0, call.direction().wire(), call.customerCode(), caller, callee,
                channel));
    }
}
