package org.dialtone.core.signalling;

import org.dialtone.core.customer.Extension;

/** How the core reaches devices. Implemented by the SIP adapter. */
public interface SignallingPort {
    /**
     * Starts ringing every registered device of {@code target}, presenting {@code callerId}: one leg for the
     * extension, answered by the first device that picks up (the others stop ringing). Returns null when no device
     * is registered. Progress arrives at {@code listener}.
     */
    SignallingLeg ring(Extension target, CallerId callerId, LegListener listener);

    /** The caller id shown on a ringing phone. */
    record CallerId(String number, String name) {}
}
