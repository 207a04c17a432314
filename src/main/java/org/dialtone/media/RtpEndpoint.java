package org.dialtone.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dialtone.core.media.MediaLeg;
import org.dialtone.core.media.Prompt;
import org.dialtone.media.codec.G711Codec;
import org.dialtone.media.codec.G711Transcoder;
import org.dialtone.media.rtp.OutboundStream;
import org.dialtone.media.rtp.RtpHeader;
import org.dialtone.media.rtp.SequenceGapCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leg's media on the switch: an RTP socket on an even port and its RTCP socket on the next odd port.
 *
 * <p><b>Receiving.</b> Both sockets are non-blocking and served by one {@link RtpReceivers} thread (a selector per
 * core), which drains a readable socket into this endpoint's receive buffer; so the receive state (buffer, sequence
 * gaps, latch) is touched by that one thread only, without locks. RTCP is read and discarded. A virtual thread per
 * socket blocked in {@code receive} was simpler but cost a park/unpark and an epoll re-arm per packet: see
 * {@code bench/results/media-receive.md}. Sends are non-blocking too: a full socket send buffer drops the packet.
 *
 * <p><b>Strict, symmetric RTP.</b> The first valid RTP packet from a source the leg has proven it owns (the SDP
 * address, the IP its signalling came from, or a trusted network: see {@link StrictRtp}) is latched as the remote,
 * which beats the SDP address for phones behind NAT. Packets from any other source, before or after latching, are
 * rejected and counted, and never keep the media timeout from firing. Until latched we send to the SDP address only
 * when it is proven, else nothing. A re-{@link #configure configure} with a different SDP address clears the latch.
 *
 * <p><b>Relay.</b> A packet received here is rewritten in place in this endpoint's receive buffer and sent out of the
 * bridged peer's socket: the peer's SSRC and continuous seq/timestamp ({@link OutboundStream}), G.711 transcoded when
 * the laws differ, RFC 4733 events mapped to the peer's telephone-event payload type (dropped if it has none). The
 * per-packet path allocates nothing and takes only the receiving peer's own stream lock.
 *
 * <p><b>Topology</b> (bridge, play, silence, release) is changed under the engine's control-plane lock; the packet path
 * only reads volatile fields.
 */
public final class RtpEndpoint implements MediaLeg {
    private static final Logger log = LoggerFactory.getLogger(RtpEndpoint.class);
    private static final int MAX_PACKET = 2048;
    private static final int DRAIN_LIMIT = 32; // packets per readiness, so one flooded socket cannot starve the rest

    private final MediaEngine engine;
    private final MediaMetrics metrics;
    private final String localAddress;
    private final int localPort;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final OutboundStream outbound = new OutboundStream();
    private final SequenceGapCounter gaps = new SequenceGapCounter(); // receive thread only
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_PACKET); // receive thread only
    private final ByteBuffer promptBuffer =
            ByteBuffer.allocateDirect(RtpHeader.FIXED_LENGTH + EncodedPrompt.SAMPLES_PER_FRAME); // clock thread only
    private final AtomicBoolean released = new AtomicBoolean();
    private final CountDownLatch portsClosed = new CountDownLatch(1);
    private RtpReceivers.Receiver receiver;

    private volatile NegotiatedMedia negotiated = NegotiatedMedia.UNCONFIGURED;
    private volatile InetSocketAddress latched;
    private volatile InetAddress signallingIp;
    private volatile boolean held;
    private volatile long heldSinceNanos;
    private final DtmfSender dtmf = new DtmfSender(this);
    private volatile long lastReceivedNanos = System.nanoTime();

    // topology: written under engine.topologyLock(), read lock-free by the packet path
    private volatile RtpEndpoint relayTarget;
    private volatile Playback playback;
    private RtpEndpoint relaySource;

    RtpEndpoint(MediaEngine engine, MediaMetrics metrics, String localAddress, int localPort, DatagramChannel rtp,
                DatagramChannel rtcp) {
        this.engine = engine;
        this.metrics = metrics;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    void start(RtpReceivers.Receiver assigned) {
        receiver = assigned;
        receiver.register(rtp, this::drainRtp);
        receiver.register(rtcp, this::discardRtcp);
    }

    /** Waits until both sockets are closed (the ports are unbound). For shutdown and tests. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return portsClosed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The even RTP port (RTCP is this + 1). */
    public int localPort() {
        return localPort;
    }

    /** The address the sockets are bound to, as configured. */
    public String localAddress() {
        return localAddress;
    }

    /**
     * The IP address the leg's signalling comes from (the INVITE's or the answering 200's source): RTP from it, on any
     * port, may latch, and an SDP address with that IP is sent to before latching. Call before {@link #configure}.
     */
    public void trustSignallingSource(InetAddress address) {
        signallingIp = address;
    }

    /**
     * Sets what the SDP negotiated. May be called again (re-INVITE); a changed address clears the latch, so the leg
     * may latch again, to a source it proves anew.
     *
     * @param remote                    the SDP connection address and port
     * @param payloadType               0 (PCMU) or 8 (PCMA)
     * @param telephoneEventPayloadType the RFC 4733 payload type (dynamic, 96..127), or -1 if none was negotiated
     */
    public void configure(InetSocketAddress remote, int payloadType, int telephoneEventPayloadType) {
        Objects.requireNonNull(remote, "remote");
        G711Codec codec = G711Codec.forPayloadType(payloadType);
        if (codec == null) {
            throw new IllegalArgumentException("unsupported payload type " + payloadType + " (only 0 PCMU, 8 PCMA)");
        }
        if (telephoneEventPayloadType != -1 && (telephoneEventPayloadType < 0 || telephoneEventPayloadType > 127
                || telephoneEventPayloadType == 0 || telephoneEventPayloadType == 8)) {
            throw new IllegalArgumentException("invalid telephone-event payload type " + telephoneEventPayloadType);
        }
        NegotiatedMedia previous = negotiated;
        negotiated = new NegotiatedMedia(remote, codec, telephoneEventPayloadType);
        if (previous.sdpAddress() != null && !previous.sdpAddress().equals(remote)) {
            latched = null;
        }
    }

    /** Records that the remote put us on hold (sendonly/inactive); a repeated hold keeps the time it began. */
    public void setHeld(boolean held) {
        if (held && !this.held) heldSinceNanos = System.nanoTime();
        this.held = held;
    }

    @Override
    public long heldSinceNanos() {
        return heldSinceNanos;
    }

    @Override
    public boolean held() {
        return isHeld();
    }

    public boolean isHeld() {
        return held;
    }

    /** The address packets are accepted from and sent to once latched, or null before the first proven packet. */
    public InetSocketAddress latchedAddress() {
        return latched;
    }

    /** The SSRC of the stream this endpoint sends. */
    public int outboundSsrc() {
        return outbound.ssrc();
    }

    @Override
    public void bridgeWith(MediaLeg other) {
        if (!(other instanceof RtpEndpoint peer) || peer.engine != engine) {
            throw new IllegalArgumentException("can only bridge with an RtpEndpoint of the same MediaEngine");
        }
        if (peer == this) {
            throw new IllegalArgumentException("cannot bridge an endpoint with itself");
        }
        synchronized (engine.topologyLock()) {
            if (released.get() || peer.released.get()) {
                throw new IllegalStateException("cannot bridge a released endpoint (ports " + localPort + ", "
                        + peer.localPort + ")");
            }
            disconnectLocked();
            peer.disconnectLocked();
            relayTarget = peer;
            peer.relaySource = this;
            peer.relayTarget = this;
            relaySource = peer;
        }
    }

    @Override
    public void play(Prompt prompt, String customerCode) {
        Objects.requireNonNull(prompt, "prompt");
        synchronized (engine.topologyLock()) {
            disconnectLocked();
            if (released.get()) {
                return;
            }
            Playback next = new Playback(this, engine.encodedPrompt(prompt, customerCode));
            playback = next;
            engine.pacingClock().add(next);
        }
    }

    @Override
    public void silence() {
        synchronized (engine.topologyLock()) {
            stopPlaybackLocked();
            cutInboundLocked();
        }
    }

    @Override
    public long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    /**
     * The remote sent {@code digit} out of band (SIP INFO): the bridged peer gets it as RFC 4733 events, like one sent
     * in RTP. False when nobody is bridged, the peer negotiated no telephone-event, or it is no DTMF digit.
     */
    public boolean relayDtmf(char digit, Duration duration) {
        RtpEndpoint target = relayTarget;
        return target != null && target.negotiated.telephoneEventPayloadType() >= 0 && target.dtmf.send(digit, duration);
    }

    /** Stamps the header of a telephone-event packet of {@code event} (a {@link DtmfSender} event) and sends it. */
    void sendTelephoneEvent(ByteBuffer packet, Object event) {
        InetSocketAddress destination = destination();
        int payloadType = negotiated.telephoneEventPayloadType();
        if (destination == null || payloadType < 0) return;
        outbound.writeGenerated(packet, event, payloadType, 0, System.nanoTime());
        send(packet, destination);
    }

    @Override
    public void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        synchronized (engine.topologyLock()) {
            disconnectLocked();
        }
        // A registered socket is only unbound once the receiver deregisters it: the pair goes back to the pool then,
        // not here, so release() stays non-blocking
        receiver.close(List.of(rtp, rtcp), () -> {
            engine.portsClosed(this);
            portsClosed.countDown();
        });
        engine.endpointReleased(this);
    }

    /** Whether {@link #release()} has run. */
    public boolean isReleased() {
        return released.get();
    }

    private void disconnectLocked() {
        stopPlaybackLocked();
        cutInboundLocked();
        RtpEndpoint target = relayTarget;
        if (target != null) {
            target.relaySource = null;
            relayTarget = null;
        }
    }

    private void stopPlaybackLocked() {
        Playback current = playback;
        if (current != null) {
            playback = null;
            engine.pacingClock().remove(current);
        }
    }

    private void cutInboundLocked() {
        RtpEndpoint source = relaySource;
        if (source != null) {
            source.relayTarget = null;
            relaySource = null;
        }
    }

    // ---------------------------------------------------------------- packet path

    /** The RTP socket is readable (receive thread): handles what is queued, up to {@link #DRAIN_LIMIT} packets. */
    private void drainRtp() {
        ByteBuffer buffer = receiveBuffer;
        for (int i = 0; i < DRAIN_LIMIT; i++) {
            buffer.clear();
            SocketAddress from;
            try {
                from = rtp.receive(buffer);
            } catch (IOException e) { // only the receive thread closes the socket, so not while draining
                log.debug("RTP receive on port {} failed", localPort, e);
                return;
            }
            if (from == null) {
                return;
            }
            try {
                onPacket(buffer, buffer.position(), from);
            } catch (RuntimeException e) { // a bad packet must never end the loop
                metrics.dropped.increment();
                log.debug("Dropped RTP packet on port {}", localPort, e);
            }
        }
    }

    /** Handles one received packet (receive thread only). Package-private for the relay benchmark (src/bench/java). */
    void onPacket(ByteBuffer packet, int length, SocketAddress from) {
        if (!(from instanceof InetSocketAddress source)) {
            metrics.dropped.increment();
            return;
        }
        InetSocketAddress expected = latched;
        if (expected == null ? !engine.strictRtp().mayLatch(source, negotiated.sdpAddress(), signallingIp)
                : !expected.equals(source)) {
            metrics.rejected.increment();
            return;
        }
        if (RtpHeader.payloadLength(packet, length) == RtpHeader.INVALID) {
            metrics.dropped.increment();
            return;
        }
        if (expected == null) {
            latched = source;
        }
        long now = System.nanoTime();
        lastReceivedNanos = now;
        int lost = gaps.onPacket(RtpHeader.ssrc(packet), RtpHeader.sequenceNumber(packet));
        if (lost > 0) {
            metrics.lost.increment(lost);
        }
        RtpEndpoint target = relayTarget;
        if (target != null) {
            target.relay(packet, length, this, now);
        }
    }

    /** Sends a packet received by {@code from} (in its receive buffer) out of this endpoint to its remote. */
    private void relay(ByteBuffer packet, int length, RtpEndpoint from, long now) {
        InetSocketAddress destination = destination();
        if (destination == null || dtmf.sending()) {
            return; // nowhere to send, or a digit from SIP INFO owns the stream for the moment
        }
        NegotiatedMedia ours = negotiated;
        int payloadType = RtpHeader.payloadType(packet);
        int outType = ours.outboundPayloadType(payloadType, from.negotiated);
        if (outType == NegotiatedMedia.UNKNOWN) {
            metrics.dropped.increment();
            return;
        }
        if (outType == NegotiatedMedia.NONE) {
            return; // an event this side has no telephone-event payload type for
        }
        G711Codec inCodec = G711Codec.forPayloadType(payloadType);
        int newLength = RtpHeader.stripToFixedHeader(packet, length);
        if (inCodec != null) {
            G711Transcoder.transcodeInPlace(packet, RtpHeader.FIXED_LENGTH, newLength - RtpHeader.FIXED_LENGTH,
                    inCodec, ours.codec());
        }
        RtpHeader.setPayloadType(packet, outType);
        outbound.rewriteRelayed(packet, from, now);
        packet.limit(newLength).position(0);
        if (send(packet, destination)) {
            metrics.relayed.increment();
        }
    }

    /** Called by the pacing clock: sends the next 20 ms frame of {@code current} if it is still this leg's playback. */
    void sendPromptFrame(Playback current, long now) {
        if (current != playback) {
            return;
        }
        InetSocketAddress destination = destination();
        if (destination == null) {
            return;
        }
        G711Codec codec = negotiated.codec();
        ByteBuffer packet = promptBuffer;
        int offset = current.nextFrameOffset();
        outbound.writeGenerated(packet, current, codec.payloadType(), EncodedPrompt.SAMPLES_PER_FRAME, now);
        packet.put(RtpHeader.FIXED_LENGTH, current.prompt.bytesFor(codec), offset, EncodedPrompt.SAMPLES_PER_FRAME);
        packet.clear();
        send(packet, destination);
    }

    private InetSocketAddress destination() {
        InetSocketAddress latchedAddress = latched;
        return latchedAddress != null ? latchedAddress
                : engine.strictRtp().destinationBeforeLatch(negotiated.sdpAddress(), signallingIp);
    }

    private boolean send(ByteBuffer packet, InetSocketAddress destination) {
        try {
            if (rtp.send(packet, destination) > 0) {
                return true;
            }
            metrics.dropped.increment(); // non-blocking: the socket's send buffer is full
            return false;
        } catch (ClosedChannelException e) {
            return false;
        } catch (IOException e) {
            log.debug("RTP send from port {} to {} failed", localPort, destination, e);
            return false;
        }
    }

    /** The RTCP socket is readable (receive thread, which also owns the RTP receive buffer): reads and discards. */
    private void discardRtcp() {
        for (int i = 0; i < DRAIN_LIMIT; i++) {
            receiveBuffer.clear();
            try {
                if (rtcp.receive(receiveBuffer) == null) return;
            } catch (IOException e) {
                log.debug("RTCP receive on port {} failed", localPort + 1, e);
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "RtpEndpoint[" + localAddress + ":" + localPort + "]";
    }
}
