package org.dialtone.core.parking;

import java.util.Locale;

/** How a call left its parking spot (one park episode). */
public enum ParkResolution {
    /** Picked up: an unpark, originate to the spot, or a phone dialling the spot. */
    RETRIEVED,
    /** The park timed out and the parker answered the call-back. */
    PARKER_ANSWERED,
    /** The parked caller hung up. */
    CALLER_HUNG_UP,
    /** Parked into another spot, or transferred elsewhere. */
    MOVED,
    /** The switch ended the call (media timeout, shutdown). */
    ENDED;

    public String wire() { return name().toLowerCase(Locale.ROOT); }
}
