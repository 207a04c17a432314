package org.dialtone.media;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dialtone.core.media.Prompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch's media anchor: allocates {@link RtpEndpoint}s (an RTP/RTCP port pair each) from a port range, owns the
 * 20 ms pacing clock for prompts and the pre-encoded prompts, and publishes the RTP meters.
 *
 * <p>Bridging, playback and release of all endpoints are serialised on one control-plane lock; these happen a few
 * times per call, never per packet. The packet path takes no engine-wide lock.
 */
public final class MediaEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);
    private static final int SOCKET_BUFFER_BYTES = 256 * 1024;

    private final MediaSettings settings;
    private final PortPairAllocator ports;
    private final Set<RtpEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final MediaMetrics metrics;
    private final StrictRtp strictRtp;
    private final PacingClock clock = new PacingClock();
    private final RtpReceivers receivers;
    private final Object topologyLock = new Object();
    private final EncodedPrompt ringback = EncodedPrompt.encode(BuiltInPrompts.ringback());
    private volatile MusicOnHold musicOnHold = MusicOnHold.builtIn();
    private volatile boolean closed;

    public MediaEngine(MediaSettings settings, MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ports = new PortPairAllocator(settings.portMin(), settings.portMax());
        this.metrics = new MediaMetrics(Objects.requireNonNull(registry, "registry"), endpoints::size);
        this.strictRtp = new StrictRtp(settings.trustedNetworks());
        this.receivers = new RtpReceivers(Runtime.getRuntime().availableProcessors()); // last: it starts threads
    }

    /**
     * Binds a free even RTP port, picked at random in the range, and its odd RTCP port, and starts receiving.
     * Thread-safe.
     *
     * @throws PortsExhaustedException when no pair in the range is free or bindable
     */
    public RtpEndpoint allocate() throws PortsExhaustedException {
        if (closed) {
            throw new IllegalStateException("media engine is closed");
        }
        List<Integer> unbindable = new ArrayList<>(0); // stay reserved until we are done, so no pick repeats them
        try {
            for (int attempt = 0; attempt < ports.pairCount(); attempt++) {
                int port = ports.reserve();
                if (port < 0) {
                    break;
                }
                DatagramChannel rtp = null;
                DatagramChannel rtcp = null;
                try {
                    rtp = bind(port);
                    rtcp = bind(port + 1);
                } catch (IOException e) {
                    log.debug("RTP port pair {}/{} not bindable: {}", port, port + 1, e.toString());
                    closeQuietly(rtp);
                    closeQuietly(rtcp);
                    unbindable.add(port);
                    continue;
                }
                RtpEndpoint endpoint = new RtpEndpoint(this, metrics, settings.bindAddress(), port, rtp, rtcp);
                endpoints.add(endpoint);
                endpoint.start(receivers.assign());
                return endpoint;
            }
        } finally {
            unbindable.forEach(ports::free);
        }
        metrics.portsExhausted.increment();
        throw new PortsExhaustedException("No free RTP port pair in " + settings.bindAddress() + ":"
                + settings.portMin() + "-" + settings.portMax() + " (" + ports.pairCount() + " pairs, "
                + ports.reservedCount() + " in use)");
    }

    /** Whether the threads receiving RTP are all running (a vital sign). */
    public boolean receiving() {
        return receivers.running();
    }

    /** Whether the 20 ms clock that paces ringback and music on hold still runs (the switch needs it). */
    public boolean clockRunning() {
        return clock.running();
    }

    /** Endpoints allocated and not yet released. */
    public int activeEndpoints() {
        return endpoints.size();
    }

    /** Replaces the music-on-hold library (per customer, default, built-in) for playbacks started from now on. */
    public void setMusicOnHold(MusicOnHold library) {
        musicOnHold = Objects.requireNonNull(library, "library");
    }

    /**
     * Releases every endpoint, waits (up to a second each) until their ports are unbound, stops the receive threads
     * and the pacing clock and removes the meters.
     */
    @Override
    public void close() {
        closed = true;
        List<RtpEndpoint> all = List.copyOf(endpoints);
        for (RtpEndpoint endpoint : all) {
            endpoint.release();
        }
        try {
            for (RtpEndpoint endpoint : all) {
                if (!endpoint.awaitClosed(Duration.ofSeconds(1))) {
                    log.warn("RTP sockets of {} did not close within 1 s", endpoint);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        receivers.close();
        clock.close();
        metrics.remove();
    }

    Object topologyLock() {
        return topologyLock;
    }

    StrictRtp strictRtp() {
        return strictRtp;
    }

    PacingClock pacingClock() {
        return clock;
    }

    /** The pre-encoded audio of {@code prompt} for a leg of {@code customerCode} (null: no customer's own). */
    EncodedPrompt encodedPrompt(Prompt prompt, String customerCode) {
        return switch (prompt) {
            case RINGBACK -> ringback;
            case MUSIC_ON_HOLD -> musicOnHold.forCustomer(customerCode);
        };
    }

    void endpointReleased(RtpEndpoint endpoint) {
        endpoints.remove(endpoint);
    }

    /** Both sockets of a released endpoint are closed: its port pair may be bound again. */
    void portsClosed(RtpEndpoint endpoint) {
        ports.free(endpoint.localPort());
    }

    /** Port pairs reserved, including those of released endpoints whose sockets are still closing. */
    int reservedPortPairs() {
        return ports.reservedCount();
    }

    private DatagramChannel bind(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.bind(new InetSocketAddress(settings.bindAddress(), port));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing RTP socket failed", e);
            }
        }
    }
}
