package org.dialtone.core.media;

/** Audio the switch itself plays into a leg. */
public enum Prompt {
    /** North-American ringback: 440+480 Hz, 2 s on, 4 s off. */
    RINGBACK,
    /** Music on hold: the customer's own if configured, else the switch default, else the built-in tune. */
    MUSIC_ON_HOLD
}
