package org.dialtone.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that receive RTP and RTCP: a fixed set of platform threads ({@code rtp-receive-N}, one per core), each
 * owning a {@link Selector}. Every endpoint is {@link #assign assigned} to one of them, round-robin, and both its
 * non-blocking sockets are served only by that thread, so an endpoint's receive state needs no lock.
 *
 * <p>Why not a (virtual) thread per socket blocked in {@code receive}: each datagram then costs a park and an unpark
 * through the JDK's poller, which re-arms the socket in epoll on every wait. Here one {@code epoll_wait} reports many
 * ready sockets and each is drained ({@code recvfrom} until empty) without any thread switch.
 *
 * <p>Registration and closing run on the owning thread (queued, then the selector is woken): a registered channel's
 * file descriptor is only released once its key is deregistered by a select, so {@link Receiver#close} closes the
 * channels, selects once more, and only then reports the ports unbound. Handlers must not block.
 */
final class RtpReceivers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpReceivers.class);

    private final List<Receiver> receivers = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    RtpReceivers(int threads) {
        if (threads < 1) throw new IllegalArgumentException("receive threads must be >= 1, was " + threads);
        try {
            for (int i = 0; i < threads; i++) {
                receivers.add(new Receiver("rtp-receive-" + i));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open a selector for RTP", e);
        }
    }

    /** The receiver the next endpoint is served by (round-robin). */
    Receiver assign() {
        return receivers.get(Math.floorMod(next.getAndIncrement(), receivers.size()));
    }

    /** Whether every receive thread is still running (a vital sign: a dead one silences its endpoints' media). */
    boolean running() {
        for (Receiver receiver : receivers) {
            if (!receiver.thread.isAlive()) return false;
        }
        return true;
    }

    /** Stops the threads (after the endpoints were closed) and closes the selectors. */
    @Override
    public void close() {
        for (Receiver receiver : receivers) {
            receiver.stop();
        }
        for (Receiver receiver : receivers) {
            receiver.join();
        }
    }

    /** One selector and the platform thread that owns it. */
    static final class Receiver {
        private final Selector selector;
        private final Thread thread;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;

        private Receiver(String name) throws IOException {
            selector = Selector.open();
            thread = Thread.ofPlatform().name(name).daemon().start(this::run);
        }

        /**
         * Makes {@code channel} non-blocking and runs {@code onReadable} on this receiver's thread whenever it has
         * datagrams queued; the handler should receive until nothing is left. Thread-safe.
         */
        void register(DatagramChannel channel, Runnable onReadable) {
            submit(() -> {
                try {
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, onReadable);
                } catch (IOException e) { // closed before it was registered: nothing to receive
                    log.debug("Cannot register an RTP socket", e);
                }
            });
        }

        /**
         * Closes {@code channels} on this receiver's thread, then runs {@code afterClosed} there once their ports are
         * unbound (keys deregistered). Non-blocking; thread-safe.
         */
        void close(List<DatagramChannel> channels, Runnable afterClosed) {
            submit(() -> {
                for (DatagramChannel channel : channels) {
                    try {
                        channel.close();
                    } catch (IOException e) {
                        log.debug("Closing an RTP socket failed", e);
                    }
                }
                try {
                    selector.selectNow(Receiver::onReady); // deregisters the cancelled keys: the sockets are closed
                } catch (IOException e) {
                    log.warn("RTP selector failed", e);
                }
                afterClosed.run();
            });
        }

        private void submit(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        private void run() {
            try {
                while (running) {
                    selector.select(Receiver::onReady);
                    for (Runnable task; (task = tasks.poll()) != null; ) {
                        try {
                            task.run();
                        } catch (RuntimeException e) { // one endpoint's register/close must not stop the others' media
                            log.error("RTP receive task failed", e);
                        }
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                log.error("RTP receive thread {} stopped", Thread.currentThread().getName(), e);
            } finally {
                try {
                    selector.close();
                } catch (IOException e) {
                    log.debug("Closing an RTP selector failed", e);
                }
            }
        }

        private static void onReady(SelectionKey key) {
            try {
                ((Runnable) key.attachment()).run();
            } catch (RuntimeException e) { // one endpoint's failure must not stop the others' media
                log.warn("RTP receive handler failed", e);
            }
        }

        private void stop() {
            running = false;
            selector.wakeup();
        }

        private void join() {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
