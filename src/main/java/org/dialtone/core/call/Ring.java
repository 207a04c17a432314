package org.dialtone.core.call;

import org.dialtone.core.signalling.RingResult;

/** What {@link Call#dial} gave: the ringing channel, or why nothing rings. */
record Ring(Channel channel, RingResult.Failure failure) {
    boolean rang() { return channel != null; }
}
