package org.dialtone.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stack's message processors (set as {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}, hence public with a
 * public no-argument constructor): the stack's own ones, except that TCP connections the switch accepts go through
 * the stack's {@link TcpConnections} (handed over by stack name, {@link #handOver}), which admits, counts and closes
 * them. JAIN-SIP 1.3.0-91 has no limit of its own on NIO connections: its
 * {@code MAX_CONNECTIONS} and {@code READ_TIMEOUT} apply only to the blocking TCP processor, and
 * {@code NIO_MAX_SOCKET_IDLE_TIME} closes every idle connection alike, registered phones' flows included.
 */
public final class GuardedTcpProcessors extends NioMessageProcessorFactory {
    /**
     * Stack name → its connections, from {@link #handOver} until the stack's TCP processor is created (the stack
     * builds this factory itself, so it cannot be given them; its configuration properties hold strings only).
     */
    private static final ConcurrentHashMap<String, TcpConnections> PENDING = new ConcurrentHashMap<>();

    /** The TCP processor of the stack named {@code stackName}, when it is created, uses {@code connections}. */
    static void handOver(String stackName, TcpConnections connections) { PENDING.put(stackName, connections); }

    /** Forgets a hand-over not taken (the stack failed to start). */
    static void withdraw(String stackName) { PENDING.remove(stackName); }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if ("TCP".equalsIgnoreCase(transport)) {
            TcpConnections connections = PENDING.remove(((SipStackImpl) stack).getStackName());
            if (connections != null) return new Processor(address, stack, port, connections);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }

    /** The stack's NIO TCP processor, asking {@link TcpConnections} before it takes a connection in. */
    static final class Processor extends NioTcpMessageProcessor {
        private final TcpConnections connections;

        Processor(InetAddress address, SIPTransactionStack stack, int port, TcpConnections connections) {
            super(address, stack, port);
            this.connections = connections;
        }

        /** Called by the selector thread for each accepted connection (never for ones the switch opens). */
        @Override
        public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
                throws IOException {
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
            connections.closed(channel);
        }
    }
}
