package org.dialtone.sip;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's message processors (set as {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}, so public with a
 * public no-argument constructor), the stack's own UDP and NIO TCP ones with two things the stack does not expose:
 * how many received UDP messages wait for a SIP thread (the overload trigger {@code sip_queue}), and whether the
 * threads that read UDP and TCP are still running (the process exits when one dies, see the app's ProcessGuard).
 */
public final class SipMessageProcessors extends NioMessageProcessorFactory {
    private static final Logger log = LoggerFactory.getLogger(SipMessageProcessors.class);

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        return switch (transport.toUpperCase(Locale.ROOT)) {
            case "UDP" -> {
                Udp udp = new Udp(address, stack, port);
                sendFromListeningSocket(stack);
                yield udp;
            }
            case "TCP" -> new Tcp(address, stack, port, GuardedTcpProcessors.take(stack));
            default -> super.createMessageProcessor(stack, address, port, transport);
        };
    }

    /**
     * What the stack's own factory does when it creates the UDP processor (a package-private flag, hence reflection):
     * send UDP from the listening socket. Without it every message leaves from a new ephemeral port, and a peer that
     * answers to the source address of a request (sipp, NATed phones) is never heard.
     */
    private static void sendFromListeningSocket(SIPTransactionStack stack) throws IOException {
        try {
            Field udpFlag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            udpFlag.setAccessible(true);
            udpFlag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot make the SIP stack send UDP from its listening socket", e);
        }
    }

    /** The UDP processor: one thread reads datagrams into a queue, the stack's worker threads parse and process them. */
    static final class Udp extends UDPMessageProcessor {
        private volatile boolean readerEnded;

        Udp(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
            super(address, stack, port);
            if (sock instanceof SipNetworkLayer.ExactSizeDatagramSocket) readIntoTinyArrays();
            int got = sock.getReceiveBufferSize(); // Linux reports twice what it grants the datagrams themselves
            if (got < SipEndpoint.UDP_RECEIVE_BUFFER_BYTES) {
                log.warn("SIP/UDP receive buffer is {} KiB of the {} KiB asked for (capped by net.core.rmem_max): "
                        + "bursts may be dropped", got / 1024, SipEndpoint.UDP_RECEIVE_BUFFER_BYTES / 1024);
            } else {
                log.info("SIP/UDP receive buffer {} KiB", got / 1024);
            }
        }

        /**
         * The stack allocates an array of its maximum message size (a private field, hence reflection) for every
         * datagram before it reads it; our socket replaces that array by one of the datagram's size, so it need not
         * be 64 KiB.
         */
        private void readIntoTinyArrays() throws IOException {
            try {
                Field size = UDPMessageProcessor.class.getDeclaredField("maxMessageSize");
                size.setAccessible(true);
                size.setInt(this, 1);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("cannot size the SIP stack's UDP read buffers", e);
            }
        }

        /** The reader thread's loop; it ends by itself only when the socket fails or a Throwable escapes it. */
        @Override
        public void run() {
            try {
                super.run();
            } finally {
                readerEnded = true;
            }
        }

        /** Datagrams received and not yet taken by a worker thread. */
        int queued() { return messageQueue.size(); }

        /** Whether the thread that reads the UDP socket is still reading. */
        boolean reading() { return !readerEnded; }

        /** Sends {@code packet} from the listening socket (an answer the stack does not build, {@link UnparsableRequests}). */
        void send(DatagramPacket packet) throws IOException { sock.send(packet); }
    }

    /** The NIO TCP processor: one selector thread reads every connection; connections admitted by the limits. */
    static final class Tcp extends GuardedTcpProcessors.Processor {
        Tcp(InetAddress address, SIPTransactionStack stack, int port, TcpConnections connections) {
            super(address, stack, port, connections);
        }

        /** Whether the selector thread is running (true before it is started). */
        boolean selecting() {
            Thread selector = selectorThread;
            return selector == null || selector.isAlive();
        }
    }
}
