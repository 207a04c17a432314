package org.dialtone.core.signalling;

import java.util.List;
import org.dialtone.core.customer.Extension;

/** How the core reaches devices. Implemented by the SIP adapter. */
public interface SignallingPort {
    /**
     * Starts ringing every registered device of {@code target}, presenting {@code callerId}. Returns one leg per
     * device; empty when none is registered. Progress arrives at {@code listener}.
     */
    List<SignallingLeg> ring(Extension target, CallerId callerId, LegListener listener);

    /** The caller id shown on a ringing phone. */
    record CallerId(String number, String name) {}
}
