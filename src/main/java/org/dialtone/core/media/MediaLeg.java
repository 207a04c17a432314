package org.dialtone.core.media;

/**
 * The core's handle on the media of one channel, anchored on the switch. The media adapter implements it (one RTP
 * endpoint per leg). Every method is cheap and non-blocking; it may be called from any thread.
 */
public interface MediaLeg {
    /** Relays audio both ways between this leg and {@code other}, replacing whatever either was connected to or playing. */
    void bridgeWith(MediaLeg other);

    /**
     * Plays a prompt into this leg (looped), replacing whatever this leg heard before. Audio it sends is dropped.
     *
     * @param customerCode the customer whose channel this leg carries: the media side picks that customer's own audio
     *                     for the prompt if it has any (music on hold); null for the switch's default
     */
    void play(Prompt prompt, String customerCode);

    /** {@link #play(Prompt, String)} with the switch's default audio (no customer's own). */
    default void play(Prompt prompt) {
        play(prompt, null);
    }

    /** This leg hears silence (no relay, no playback). A peer bridged with it is left alone. */
    void silence();

    /** Nanoseconds ({@link System#nanoTime()}) when the last RTP packet arrived from the remote side, or the allocation time. */
    long lastReceivedNanos();

    /** Whether the remote side has put this leg on hold (it then may send no RTP, which is not a media timeout). */
    default boolean held() { return false; }

    /** Nanoseconds ({@link System#nanoTime()}) when the current hold began; meaningful only while {@link #held()}. */
    default long heldSinceNanos() { return lastReceivedNanos(); }

    /** Frees the port pair. Idempotent. */
    void release();
}
