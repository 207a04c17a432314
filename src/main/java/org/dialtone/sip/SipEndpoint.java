package org.dialtone.sip;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TransportNotSupportedException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ServerHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import org.dialtone.core.load.Admission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch's own SIP endpoint: the JAIN-SIP stack, one provider per transport (UDP, TCP), the message factories
 * and the address the switch advertises in Via, Contact and SDP. Nothing outside the {@code sip} package sees these.
 */
final class SipEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipEndpoint.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    /** What the switch asks for its SIP/UDP socket's receive buffer (about 4,000 SIP messages). */
    static final int UDP_RECEIVE_BUFFER_BYTES = 4 << 20;

    final SipStack stack;
    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    final String advertisedHost;
    /** This stack's router: where requests of each dialog go. */
    final HopRouter router;
    /** How every 2xx to an INVITE is sent, so its ACK is matched the first time. */
    final AnswerBeforeAck answers = new AnswerBeforeAck();
    private final Map<String, SipProvider> providers;
    private final Map<String, Integer> ports;
    private final SipMessageProcessors.Udp udpProcessor;
    private final SipMessageProcessors.Tcp tcpProcessor;

    SipEndpoint(SipSettings settings, SipListener listener) throws PeerUnavailableException,
            TransportNotSupportedException, InvalidArgumentException, ObjectInUseException, TooManyListenersException {
        this(settings, listener, null, Admission.ALWAYS);
    }

    /**
     * @param tcpConnections admits, counts and closes the TCP connections the switch accepts, and replaces the stack's
     *                       own idle timeout (which would close registered phones' flows too); null: the stack's
     *                       defaults (no limit, idle connections closed after two hours)
     * @param admission      asked for every new INVITE before the stack does anything with it ({@link OverloadGate})
     */
    SipEndpoint(SipSettings settings, SipListener listener, TcpConnections tcpConnections, Admission admission)
            throws PeerUnavailableException,
            TransportNotSupportedException, InvalidArgumentException, ObjectInUseException, TooManyListenersException {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        String stackName = "dialtone-" + STACKS.incrementAndGet();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("javax.sip.ROUTER_PATH", HopRouter.class.getName());
        p.setProperty("gov.nist.javax.sip.IS_BACK_TO_BACK_USER_AGENT", "true");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", SipMessageProcessors.class.getName());
        p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", SipNetworkLayer.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", UnparsableRequests.class.getName());
        if (tcpConnections != null) p.setProperty("gov.nist.javax.sip.NIO_MAX_SOCKET_IDLE_TIME", "-1");
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", "gov.nist.javax.sip.stack.timers.ScheduledExecutorSipTimer");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        // The stack sets the UDP socket's receive buffer to 64 KiB, a quarter of Linux's default: a 100 ms stall of
        // the reading thread (a GC pause, a busy machine) at 400 calls/s fills it, and every datagram dropped then
        // (an ACK: the 200 is sent again; an INVITE: the caller's retransmission adds load) costs 500 ms or more.
        // Linux caps the request at net.core.rmem_max; SipMessageProcessors.Udp logs what the socket got.
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(UDP_RECEIVE_BUFFER_BYTES));
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "20000");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        stack = factory.createSipStack(p);
        if (tcpConnections != null) ((SIPTransactionStack) stack).sipMessageValves.add(tcpConnections);
        router = (HopRouter) stack.getRouter();
        addresses = factory.createAddressFactory();
        headers = factory.createHeaderFactory();
        messages = factory.createMessageFactory();
        advertisedHost = settings.advertisedAddress();
        ((SIPTransactionStack) stack).sipMessageValves.add(new OverloadGate(this, (SIPTransactionStack) stack, admission));
        ((SIPTransactionStack) stack).sipMessageValves.add(answers);
        ListeningPoint udp = stack.createListeningPoint(settings.bindAddress(), settings.udpPort(), ListeningPoint.UDP);
        ListeningPoint tcp;
        try {
            if (tcpConnections != null) GuardedTcpProcessors.handOver(stackName, tcpConnections);
            tcp = stack.createListeningPoint(settings.bindAddress(), settings.tcpPort(), ListeningPoint.TCP);
        } finally {
            GuardedTcpProcessors.withdraw(stackName);
        }
        SipProvider udpProvider = stack.createSipProvider(udp);
        SipProvider tcpProvider = stack.createSipProvider(tcp);
        udpProvider.addSipListener(listener);
        tcpProvider.addSipListener(listener);
        providers = Map.of("udp", udpProvider, "tcp", tcpProvider);
        ports = Map.of("udp", udp.getPort(), "tcp", tcp.getPort());
        udpProcessor = (SipMessageProcessors.Udp) ((ListeningPointImpl) udp).getMessageProcessor();
        tcpProcessor = (SipMessageProcessors.Tcp) ((ListeningPointImpl) tcp).getMessageProcessor();
        log.info("SIP listening on {}:{}/udp and {}:{}/tcp, advertising {}", settings.bindAddress(), udp.getPort(),
                settings.bindAddress(), tcp.getPort(), advertisedHost);
    }

    SipProvider provider(String transport) {
        SipProvider p = providers.get(transport.toLowerCase(Locale.ROOT));
        return p != null ? p : providers.get("udp");
    }

    int port(String transport) {
        Integer port = ports.get(transport.toLowerCase(Locale.ROOT));
        return port != null ? port : ports.get("udp");
    }

    /** UDP messages received and waiting for a SIP thread: a backlog means the stack cannot keep up. */
    int queuedMessages() { return udpProcessor.queued(); }

    /** Whether the threads that read SIP from the UDP and TCP sockets are running. */
    boolean reading() { return udpProcessor.reading() && tcpProcessor.selecting(); }

    /** Our Contact for dialogs on {@code transport}. */
    ContactHeader contact(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI(null, advertisedHost);
        uri.setPort(port(transport));
        uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
        Address address = addresses.createAddress(uri);
        return headers.createContactHeader(address);
    }

    ViaHeader via(String transport) throws ParseException, InvalidArgumentException {
        ViaHeader via = headers.createViaHeader(advertisedHost, port(transport), transport.toLowerCase(Locale.ROOT), null);
        via.setRPort();
        return via;
    }

    /** A product token without a version, so scanners learn nothing useful. */
    ServerHeader server() throws ParseException {
        return headers.createServerHeader(java.util.List.of("Dialtone"));
    }

    @Override
    public void close() {
        stack.stop();
    }
}
