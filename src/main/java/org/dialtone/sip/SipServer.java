package org.dialtone.sip;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.AllowHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.location.RegistrationRepository;
import org.dialtone.media.MediaEngine;
import org.dialtone.core.signalling.SignallingPort;
import org.dialtone.sip.trunk.TrunkClients;
import org.dialtone.sip.trunk.TrunkSources;
import org.dialtone.sip.trunk.Trunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP adapter: registrar and B2BUA front end. Turns SIP requests and responses into core calls and legs, and the
 * core's ringing requests into INVITEs. Stack callbacks never block on I/O other than sending SIP.
 */
public final class SipServer implements SipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipServer.class);
    private static final String ALLOWED = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, UPDATE, INFO";

    private final SipEndpoint sip;
    private final LocationService location;
    private final LegRegistry legs = new LegRegistry();
    private final Registrar registrar;
    private final InboundCalls inbound;
    private final TrunkClients trunkClients;
    private final TrunkDialer trunkDialer;

    private final SignallingPort signalling;

    /**
     * Starts the SIP stack. Wiring (which authenticators, which threads, who receives new calls) is the caller's: the
     * server builds only its own SIP parts.
     *
     * @param calls       where new calls go (the core)
     * @param trunks      the trunks to call out through, take calls from, REGISTER with and keep alive (their clients
     *                    start here and are un-REGISTERed by {@link #close()})
     * @param trunkTimers runs the trunks' REGISTER refreshes and OPTIONS keepalives; owned by the caller
     */
    public SipServer(SipSettings settings, Directory directory, RegistrationRepository registrations,
                     MediaEngine mediaEngine, CallIntake calls, Trunks trunks, SipAuthentication authentication,
                     ScheduledExecutorService trunkTimers) throws Exception {
        Clock clock = Clock.systemUTC();
        var trunkSources = new TrunkSources(trunks); // before the stack starts: a bad network fails without a leak
        this.sip = new SipEndpoint(settings, this, calls.admission());
        this.location = new LocationService(registrations, clock);
        var authenticator = new RequestAuthenticator(sip, directory, authentication.digest(),
                authentication.perAccount(), authentication.perSource());
        this.registrar = new Registrar(sip, settings, authenticator, location, clock);
        var anchor = new InboundAnchor(sip, mediaEngine, legs);
        this.inbound = new InboundCalls(sip, authenticator, anchor, calls, trunkSources,
                new TrunkCalls(sip, anchor, calls));
        this.trunkDialer = new TrunkDialer(sip, mediaEngine, legs, trunks);
        this.signalling = new DeviceDialer(sip, location, mediaEngine, legs, trunkDialer);
        try {
            this.trunkClients = new TrunkClients(trunks, new NonInviteClient(sip), trunkTimers);
        } catch (RuntimeException e) {
            location.close();
            sip.close();
            throw e;
        }
        trunkClients.start();
    }

    /** How the core rings devices and dials out through trunks: hand it to the core at wiring. */
    public SignallingPort signallingPort() { return signalling; }

    public int udpPort() { return sip.port("udp"); }
    public int tcpPort() { return sip.port("tcp"); }
    public int registrations() { return location.count(); }
    public int openDialogs() { return legs.size(); }
    /** SIP messages received and waiting for a SIP thread (an overload trigger). */
    public int queuedMessages() { return sip.queuedMessages(); }
    /** Whether the threads reading SIP from the network are running (the switch is dead without them). */
    public boolean reading() { return sip.reading(); }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        SipProvider provider = (SipProvider) event.getSource();
        try {
            if (Request.ACK.equals(method)) return; // ACK of our 2xx: the dialog layer consumed it
            ServerTransaction tx = event.getServerTransaction();
            if (tx == null) {
                try {
                    tx = provider.getNewServerTransaction(request);
                } catch (TransactionAlreadyExistsException e) {
                    return; // a retransmission the stack is already handling
                }
            }
            Dialog dialog = event.getDialog();
            SipLeg leg = dialog != null && dialog.getApplicationData() instanceof SipLeg l ? l : null;
            switch (method) {
                case Request.REGISTER -> registrar.register(request, tx);
                case Request.OPTIONS -> options(request, tx);
                case Request.INVITE, Request.UPDATE -> {
                    if (leg != null) leg.onReoffer(request, tx);
                    else if (Request.INVITE.equals(method) && !hasToTag(request)) inbound.invite(provider, request, tx);
                    else SipResponses.send(sip, tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                }
                case Request.BYE -> {
                    if (leg != null) leg.onBye(request, tx);
                    else SipResponses.send(sip, tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                }
                case Request.CANCEL -> cancel(request, tx);
                case Request.INFO -> SipResponses.send(sip, tx, request, leg != null ? Response.OK : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                default -> {
                    Response r = SipResponses.create(sip, request, Response.METHOD_NOT_ALLOWED);
                    r.addHeader(allow());
                    tx.sendResponse(r);
                }
            }
        } catch (Exception e) {
            log.warn("{} from {} failed: {}", method, event.getSource(), e.toString(), e);
        }
    }

    private void cancel(Request cancel, ServerTransaction tx) {
        SipLeg leg = legs.byCallId(((CallIdHeader) cancel.getHeader(CallIdHeader.NAME)).getCallId());
        if (leg instanceof InboundLeg in) {
            SipResponses.send(sip, tx, cancel, Response.OK);
            in.onCancel();
        } else {
            SipResponses.send(sip, tx, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        }
    }

    private void options(Request request, ServerTransaction tx) throws Exception {
        Response ok = SipResponses.create(sip, request, Response.OK);
        ok.addHeader(allow());
        ok.addHeader(sip.headers.createAcceptHeader("application", "sdp"));
        tx.sendResponse(ok);
    }

    private AllowHeader allow() throws java.text.ParseException {
        return sip.headers.createAllowHeader(ALLOWED);
    }

    private static boolean hasToTag(Request request) {
        var to = (javax.sip.header.ToHeader) request.getHeader(javax.sip.header.ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (NonInviteClient.deliver(event)) return;
        Response response = event.getResponse();
        ClientTransaction tx = event.getClientTransaction();
        Object data = tx != null ? tx.getApplicationData() : null;
        if (data == null && event.getDialog() != null) data = event.getDialog().getApplicationData();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (data instanceof InviteClient leg && Request.INVITE.equals(cseq.getMethod())) {
            leg.onResponse(response, event.getDialog(), tx);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (NonInviteClient.deliver(event)) return;
        if (event.isServerTransaction()) {
            ServerTransaction tx = event.getServerTransaction();
            if (tx.getApplicationData() instanceof InboundLeg leg) leg.onAckTimeout();
        } else if (event.getClientTransaction().getApplicationData() instanceof InviteClient leg
                && Request.INVITE.equals(event.getClientTransaction().getRequest().getMethod())) {
            leg.onTimeout(event.getClientTransaction());
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        NonInviteClient.deliver(event);
        log.info("SIP transport error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
        trunkDialer.onTransportError(event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) { }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        if (event.getDialog().getApplicationData() instanceof SipLeg leg) leg.finished();
    }

    @Override
    public void close() {
        trunkClients.close();
        location.close();
        sip.close();
    }
}
