package org.dialtone.media;

/**
 * One prompt looping into one endpoint: the read position in the pre-encoded bytes. Only the pacing clock thread
 * advances it; its identity also marks the source of the endpoint's outbound stream (a new playback is a source
 * switch).
 */
final class Playback {
    final RtpEndpoint endpoint;
    final EncodedPrompt prompt;
    private int position;

    Playback(RtpEndpoint endpoint, EncodedPrompt prompt) {
        this.endpoint = endpoint;
        this.prompt = prompt;
    }

    /** Byte offset of the next frame, then advances by one frame, wrapping at the end. */
    int nextFrameOffset() {
        int offset = position;
        position += EncodedPrompt.SAMPLES_PER_FRAME;
        if (position >= prompt.length()) {
            position = 0;
        }
        return offset;
    }
}
