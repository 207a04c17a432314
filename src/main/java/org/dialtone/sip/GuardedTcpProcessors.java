package org.dialtone.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TCP connections the switch accepts go through the stack's {@link TcpConnections} (handed over by stack name,
 * {@link #handOver}, and taken by {@link SipMessageProcessors} when it creates the TCP processor), which admits,
 * counts and closes them. JAIN-SIP 1.3.0-91 has no limit of its own on NIO connections: its
 * {@code MAX_CONNECTIONS} and {@code READ_TIMEOUT} apply only to the blocking TCP processor, and
 * {@code NIO_MAX_SOCKET_IDLE_TIME} closes every idle connection alike, registered phones' flows included.
 */
final class GuardedTcpProcessors {
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
            if (connections == null) return super.createMessageChannel(processor, client);
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
                channel = super.createMessageChannel(processor, client);
            } catch (IOException | RuntimeException e) {
                connections.notOpened(peer);
                throw e;
            }
            connections.opened(channel, peer, client.socket().getPort());
            return channel;
        }

        @Override
        protected synchronized void remove(ConnectionOrientedMessageChannel channel) {
            super.remove(channel);
            if (connections != null) connections.closed(channel);
        }
    }
}
