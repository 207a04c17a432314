package org.dialtone.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP connections the switch accepts go through the stack's {@link TcpConnections} (handed over by stack name,
 * {@link #handOver}, and taken by {@link SipMessageProcessors} when it creates the TCP processor), which admits,
 * counts and closes them. JAIN-SIP 1.3.0-91 has no limit of its own on NIO connections: its
 * {@code MAX_CONNECTIONS} and {@code READ_TIMEOUT} apply only to the blocking TCP processor, and
 * {@code NIO_MAX_SOCKET_IDLE_TIME} closes every idle connection alike, registered phones' flows included. What an
 * accepted connection sends is framed by {@link TcpFraming} before the stack's parser sees it ({@link FramedChannel}).
 */
final class GuardedTcpProcessors {
    private static final Logger log = LoggerFactory.getLogger(GuardedTcpProcessors.class);
    /** The stack's {@code MAX_MESSAGE_SIZE} (see SipEndpoint). */
    private static final int MAX_MESSAGE_SIZE = 65_536;

    private GuardedTcpProcessors() {}

    /**
     * Stack name → its connections, from {@link #handOver} until the stack's TCP processor is created (the stack
     * builds this factory itself, so it cannot be given them; its configuration properties hold strings only).
     */
    private static final ConcurrentHashMap<String, TcpConnections> PENDING = new ConcurrentHashMap<>();

    /** The TCP processor of the stack named {@code stackName}, when it is created, uses {@code connections}. */
    static void handOver(String stackName, TcpConnections connections) { PENDING.put(stackName, connections); }

    /** Forgets a hand-over not taken (the stack failed to start). */
    static void withdraw(String stackName) { PENDING.remove(stackName); }

    /** The connections handed over for the stack {@code stack}, if any (taken once). */
    static TcpConnections take(SIPTransactionStack stack) {
        return PENDING.remove(((SipStackImpl) stack).getStackName());
    }

    /**
     * The stack's NIO TCP processor, asking {@link TcpConnections} before it takes a connection in (when it has any:
     * null means the stack's defaults).
     */
    static class Processor extends NioTcpMessageProcessor {
        private final TcpConnections connections;

        Processor(InetAddress address, SIPTransactionStack stack, int port, TcpConnections connections) {
            super(address, stack, port);
            this.connections = connections;
        }

        /** Called by the selector thread for each accepted connection (never for ones the switch opens). */
        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
                throws IOException {
            if (connections == null) return framed(processor, client);
            InetAddress peer = client.socket().getInetAddress();
            String refusal = connections.admit(peer);
            if (refusal != null) {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // refused anyway
                }
                throw new TcpConnectionRefused(refusal);
            }
            NioTcpMessageChannel channel;
            try {
                channel = framed(processor, client);
            } catch (IOException | RuntimeException e) {
                connections.notOpened(peer);
                throw e;
            }
            connections.opened(channel, peer, client.socket().getPort());
            return channel;
        }

        /** What the stack's own method does, with a channel of ours: {@link FramedChannel}. */
        private NioTcpMessageChannel framed(NioTcpMessageProcessor processor, SocketChannel client) throws IOException {
            NioTcpMessageChannel existing = nioHandler.getMessageChannel(client);
            if (existing != null) return existing;
            FramedChannel channel = new FramedChannel(processor, client);
            nioHandler.putMessageChannel(client, channel);
            return channel;
        }

        @Override
        protected synchronized void remove(ConnectionOrientedMessageChannel channel) {
            super.remove(channel);
            if (connections != null) connections.closed(channel);
        }
    }

    /**
     * An accepted connection whose bytes reach the stack's parser through {@link TcpFraming}: LF line ends and the
     * compact {@code l:} are framed, and a stream that cannot be is closed with one log line (at most one every 10 s,
     * the others only counted: a peer may open many connections).
     */
    static final class FramedChannel extends NioTcpMessageChannel {
        private static final LogThrottle CLOSING_LOG = new LogThrottle(Duration.ofSeconds(10));
        private final TcpFraming framing = new TcpFraming(MAX_MESSAGE_SIZE);
        private final String peer;

        FramedChannel(NioTcpMessageProcessor processor, SocketChannel client) throws IOException {
            super(processor, client);
            messageProcessor = processor; // the stack's factory method sets it after construction
            peer = client.socket().getInetAddress().getHostAddress() + ":" + client.socket().getPort();
        }

        /**
         * Called by the selector thread with each read. A refusal is thrown on as it is (not an IOException: for an
         * IOException the stack would first end the message in progress with CRLF CRLF and process it), and the
         * stack closes the connection.
         */
        @Override
        protected void addBytes(byte[] bytes) throws Exception {
            byte[] framed;
            try {
                framed = framing.feed(bytes);
            } catch (TcpFraming.Refused e) {
                logClosing(e.getMessage());
                throw e;
            }
            if (framed.length > 0) super.addBytes(framed);
        }

        private void logClosing(String why) {
            long withheld = CLOSING_LOG.pass();
            if (withheld >= 0) {
                log.warn("Closing the SIP/TCP connection from {}: {} ({} more closed for their framing since the last "
                        + "such line)", peer, why, withheld);
            }
        }
    }
}
