package org.dialtone.core.signalling;

import java.util.List;
import org.dialtone.core.customer.Extension;

/** How the core reaches devices and the telephone network. Implemented by the SIP adapter. */
public interface SignallingPort {
    /**
     * Starts ringing every registered device of every extension in {@code targets} (one extension, or a ring
     * group's members), presenting {@code callerId}: one leg, answered by the first device that picks up (the others
     * stop ringing). Progress arrives at {@code listener}.
     */
    RingResult ring(List<Extension> targets, CallerId callerId, LegListener listener);

    /**
     * Calls a number of the telephone network through the first usable trunk of {@code call.trunks()}, failing
     * over to the next one on 503, timeout or a trunk that is down: one leg whatever the trunk. Progress (including
     * early media) arrives at {@code listener}.
     */
    RingResult dialOut(OutsideCall call, LegListener listener);

    /** Whether one of {@code trunks} could carry a call now (up, and below its channel limit). */
    boolean trunkAvailable(List<String> trunks);

    /** The caller id shown on a ringing phone, or sent to the network. */
    record CallerId(String number, String name) {}

    /**
     * @param e164        the number called, {@code +} and digits (formatted per trunk by the adapter)
     * @param trunks      trunk names in failover order
     * @param callerId    the number (E.164) and name presented to the called party
     * @param countryCode the customer's country code (for national number formats), or null
     */
    record OutsideCall(String customerCode, String e164, List<String> trunks, CallerId callerId, String countryCode) {}
}
