package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sip.SipStack;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP/TCP connections the switch accepted, so that connections cannot exhaust its file descriptors: at most
 * {@code max} in all and {@code maxPerIp} from one address (a new one beyond is closed at once); and a connection that
 * carries no registration and no call is closed once it has gone {@code idle} without completing a SIP message. That
 * rule covers a connection that never speaks and one that trickles a message that never ends (a read timeout), while a
 * phone's registered flow (NAT: the only way to reach it) and a flow a call uses stay open however quiet they are.
 * Connections the switch opens itself (to trunks) are not counted. A value of 0 turns a limit off.
 *
 * <p>It learns of completed messages as a JAIN-SIP message valve, and of the connections through
 * {@link GuardedTcpProcessors}.
 */
final class TcpConnections implements SIPMessageValve, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpConnections.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Connection(NioTcpMessageChannel channel, InetAddress ip, String peer, AtomicLong lastMessageNanos) {}

    private final int max;
    private final int maxPerIp;
    private final long idleNanos;
    private final Supplier<Set<String>> inUse;
    private final Map<MessageChannel, Connection> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perIp = new HashMap<>(); // guarded by this, with total
    private int total;
    private final AtomicLong refusedTotal = new AtomicLong();
    private final AtomicLong refusedPerIp = new AtomicLong();
    private final AtomicLong closedIdle = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final ScheduledExecutorService auditor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sip-tcp-audit").daemon().factory());

    /**
     * @param inUse {@code address:port} of the peers whose connection carries a registration or a call (asked once per
     *              audit round)
     */
    TcpConnections(int max, int maxPerIp, Duration idle, Supplier<Set<String>> inUse) {
        this.max = max;
        this.maxPerIp = maxPerIp;
        this.idleNanos = idle.toNanos();
        this.inUse = inUse;
        if (idleNanos > 0) {
            long every = Math.max(100, Math.min(5000, idle.toMillis() / 4));
            auditor.scheduleWithFixedDelay(this::audit, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Counts a new connection from {@code ip}; returns why it is refused instead (nothing counted), or null. */
    synchronized String admit(InetAddress ip) {
        int fromIp = perIp.getOrDefault(ip, 0);
        boolean overTotal = max > 0 && total >= max;
        boolean overIp = maxPerIp > 0 && fromIp >= maxPerIp;
        if ((overTotal || overIp) && forgetClosed() > 0) return admit(ip); // counts of closed ones may linger
        if (overTotal || overIp) {
            (overTotal ? refusedTotal : refusedPerIp).incrementAndGet();
            String why = overTotal ? total + " SIP/TCP connections are open (limits.sip_tcp_max_connections)"
                    : fromIp + " SIP/TCP connections are open from " + ip.getHostAddress()
                    + " (limits.sip_tcp_max_connections_per_ip)";
            logRefusal(ip, why);
            return why;
        }
        perIp.put(ip, fromIp + 1);
        total++;
        return null;
    }

    /** The connection {@link #admit admitted} could not be set up after all. */
    synchronized void notOpened(InetAddress ip) { uncount(ip); }

    void opened(NioTcpMessageChannel channel, InetAddress ip, int port) {
        open.put(channel, new Connection(channel, ip, ip.getHostAddress() + ":" + port, new AtomicLong(System.nanoTime())));
    }

    void closed(MessageChannel channel) {
        Connection c = open.remove(channel);
        if (c != null) {
            synchronized (this) { uncount(c.ip()); }
        }
    }

    private void uncount(InetAddress ip) {
        perIp.computeIfPresent(ip, (a, n) -> n <= 1 ? null : n - 1);
        total = Math.max(0, total - 1);
    }

    /** Forgets connections whose socket is closed (a close the processor was not told of); how many. */
    private synchronized int forgetClosed() {
        int n = 0;
        for (Connection c : open.values()) {
            if (!c.channel().getSocketChannel().isOpen() && open.remove(c.channel(), c)) {
                uncount(c.ip());
                n++;
            }
        }
        return n;
    }

    /** Closes connections that carry nothing the switch needs and completed no SIP message for the idle time. */
    void audit() {
        try {
            forgetClosed();
            long now = System.nanoTime();
            Set<String> needed = null;
            for (Connection c : open.values()) {
                if (now - c.lastMessageNanos().get() <= idleNanos) continue;
                if (needed == null) needed = inUse.get();
                if (needed.contains(c.peer())) continue;
                log.info("Closing the SIP/TCP connection from {}: no complete SIP message for {} s, and no "
                        + "registration or call uses it (limits.sip_tcp_idle_seconds)", c.peer(),
                        TimeUnit.NANOSECONDS.toSeconds(now - c.lastMessageNanos().get()));
                closedIdle.incrementAndGet();
                c.channel().close();
                closed(c.channel());
            }
        } catch (RuntimeException e) {
            log.warn("SIP/TCP connection audit failed", e);
        }
    }

    private void logRefusal(InetAddress ip, String why) {
        long last = lastRefusalLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_EVERY_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            log.warn("Refused a SIP/TCP connection from {}: {} (further refusals within 10 s are only counted)",
                    ip.getHostAddress(), why);
        }
    }

    /** Accepted connections open now. */
    synchronized int open() { return total; }

    long refusedTotal() { return refusedTotal.get(); }

    long refusedPerIp() { return refusedPerIp.get(); }

    long closedIdle() { return closedIdle.get(); }

    // ---- message valve: a complete message arrived on a connection ---------------------------------------------

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        touch(channel);
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        touch(channel);
        return true;
    }

    private void touch(MessageChannel channel) {
        Connection c = open.get(channel);
        if (c != null) c.lastMessageNanos().set(System.nanoTime());
    }

    @Override public void init(SipStack stack) { }

    @Override public void destroy() { }

    @Override
    public void close() { auditor.shutdownNow(); }
}
