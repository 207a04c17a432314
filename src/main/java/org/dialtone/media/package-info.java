/**
 * Media anchored on the switch: {@link org.dialtone.media.MediaEngine} allocates
 * {@link org.dialtone.media.RtpEndpoint}s (the core's {@link org.dialtone.core.media.MediaLeg}), which relay RTP between
 * bridged legs (G.711 transcoding, RFC 4733 payload-type mapping, strict symmetric-RTP latching by
 * {@link org.dialtone.media.StrictRtp}) or play paced prompts (ringback, and music on hold chosen per customer from the
 * pre-encoded {@link org.dialtone.media.MusicOnHold} library). Codecs live in {@code media.codec}, RTP header handling
 * in {@code media.rtp}.
 */
package org.dialtone.media;
