package org.dialtone.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free ports on 127.0.0.1 for the peers of the end-to-end tests. Never 5060.
 *
 * <p>Single ports come from the kernel (bind to port 0, then close), checked free on both UDP and TCP. RTP port
 * ranges come from 20000–29999, which is below Linux's ephemeral range (32768–60999), so a port the kernel hands out
 * for port 0 (our SIP ports, baresip's DNS sockets) never lands inside a phone's RTP range. Blocks are handed out by a
 * process-wide counter and additionally claimed with a file lock under {@code java.io.tmpdir}, so two test JVMs
 * running at the same time (other worktrees) do not pick the same block.
 */
public final class FreePorts {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    public static final int RTP_FIRST = 20000;
    public static final int RTP_LAST = 29999;
    public static final int RTP_BLOCK = 200;

    private static final int BLOCKS = (RTP_LAST - RTP_FIRST + 1) / RTP_BLOCK;
    private static final AtomicInteger nextBlock = new AtomicInteger((int) (ProcessHandle.current().pid() % BLOCKS));
    /** Claimed blocks by number, held until {@link #releaseRtpBlock} (or the JVM exits). */
    private static final java.util.Map<Integer, FileLock> heldLocks = new java.util.HashMap<>();

    /** An inclusive port range, formatted as baresip's {@code rtp_ports} wants it. */
    public record PortRange(int first, int last) {
        public String toString() { return first + "-" + last; }
    }

    private FreePorts() {}

    /** A port free on 127.0.0.1 for both UDP and TCP. */
    public static int udpAndTcp() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = kernelPort();
            if (p != 5060 && isUdpFree(p) && isTcpFree(p)) return p;
        }
        throw new IllegalStateException("no free UDP+TCP port on 127.0.0.1");
    }

    /** A free TCP port (e.g. baresip's ctrl_tcp). */
    public static int tcp() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = kernelPort();
            if (p != 5060 && isTcpFree(p)) return p;
        }
        throw new IllegalStateException("no free TCP port on 127.0.0.1");
    }

    /** A free UDP port (e.g. sipp's control socket {@code -cp}). */
    public static int udp() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = kernelPort();
            if (p != 5060 && isUdpFree(p)) return p;
        }
        throw new IllegalStateException("no free UDP port on 127.0.0.1");
    }

    /** A SIP port p for baresip: p free on UDP and TCP (SIP), p+1 free on TCP and UDP (baresip's TLS listener). */
    public static int sipPortPair() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int p = kernelPort();
            if (p == 5060 || p == 5059 || p >= 65535) continue;
            if (isUdpFree(p) && isTcpFree(p) && isUdpFree(p + 1) && isTcpFree(p + 1)) return p;
        }
        throw new IllegalStateException("no free SIP port pair on 127.0.0.1");
    }

    /**
     * A block of {@link #RTP_BLOCK} RTP ports inside 20000–29999, disjoint from every other block this JVM (or any other
     * JVM using this class) has handed out, with a sample of its ports verified free.
     */
    public static synchronized PortRange rtpBlock() {
        for (int tries = 0; tries < BLOCKS; tries++) {
            int block = Math.floorMod(nextBlock.getAndIncrement(), BLOCKS);
            int first = RTP_FIRST + block * RTP_BLOCK;
            PortRange range = new PortRange(first, first + RTP_BLOCK - 1);
            if (!claim(block)) continue;
            if (sampleFree(range)) return range;
        }
        throw new IllegalStateException("no free RTP port block in " + RTP_FIRST + "-" + RTP_LAST);
    }

    /** Gives a block from {@link #rtpBlock()} back once the phone using it has exited. */
    public static synchronized void releaseRtpBlock(PortRange range) {
        FileLock lock = heldLocks.remove((range.first() - RTP_FIRST) / RTP_BLOCK);
        if (lock == null) return;
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            // the lock dies with the channel or the JVM anyway
        }
    }

    public static boolean isUdpFree(int port) {
        return isUdpFree(LOOPBACK, port);
    }

    /** Whether {@code port} is free on {@code address} (another loopback address than 127.0.0.1, say). */
    public static boolean isUdpFree(InetAddress address, int port) {
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    public static boolean isTcpFree(int port) {
        return isTcpFree(LOOPBACK, port);
    }

    public static boolean isTcpFree(InetAddress address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // TIME_WAIT leftovers do not block a new listener
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sampleFree(PortRange r) {
        for (int p = r.first(); p <= r.last(); p += 10) {
            if (!isUdpFree(p) || !isUdpFree(p + 1)) return false;
        }
        return isUdpFree(r.last());
    }

    private static boolean claim(int block) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "dialtone-test-rtp-ports");
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve("block-" + block + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                return false;
            }
            heldLocks.put(block, lock);
            return true;
        } catch (IOException e) {
            return true; // no lock directory: fall back to the in-process counter and the free-port check
        }
    }

    private static int kernelPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return s.getLocalPort();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot bind 127.0.0.1", e);
        }
    }
}
