package org.dialtone.sip;

import org.dialtone.core.call.CallService;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.load.Admission;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort.CallerId;

/**
 * What the SIP adapter needs from the core: somewhere to hand new calls (from devices and from trunks).
 * {@link CallService} in production; a fake in adapter tests.
 */
public interface CallIntake {
    /** A device of {@code caller} dialled {@code dialled}; null: reject (shutting down). */
    LegListener incoming(Extension caller, String dialled, SignallingLeg leg);

    /** Whether {@code e164} is a DID of some customer. */
    boolean knowsDid(String e164);

    /** A trunk delivers a call to DID {@code e164}; null: reject (unknown DID, shutting down). */
    LegListener incomingFromTrunk(String trunk, String e164, CallerId caller, SignallingLeg leg);

    /** Whether a new call (a new INVITE) is taken now, asked before anything else is done with it. */
    default Admission admission() { return Admission.ALWAYS; }

    static CallIntake of(CallService calls) {
        return new CallIntake() {
            @Override public Admission admission() { return calls::newCallRefusal; }

            @Override public LegListener incoming(Extension caller, String dialled, SignallingLeg leg) {
                return calls.incoming(caller, dialled, leg);
            }

            @Override public boolean knowsDid(String e164) { return calls.knowsDid(e164); }

            @Override public LegListener incomingFromTrunk(String trunk, String e164, CallerId caller, SignallingLeg leg) {
                return calls.incomingFromTrunk(trunk, e164, caller, leg);
            }
        };
    }
}
