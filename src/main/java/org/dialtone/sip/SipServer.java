package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
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
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.location.RegistrationRepository;
import org.dialtone.core.location.Registrations;
import org.dialtone.media.MediaEngine;
import org.dialtone.core.signalling.SignallingPort;
import org.dialtone.core.writebehind.WriteBehindQueue;
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
    /** Requests that only make sense in a dialog: with a To tag and no dialog they are answered 481 statelessly. */
    private static final Set<String> STATELESS_481 = Set.of(Request.INVITE, Request.UPDATE, Request.BYE, Request.INFO);

    private final SipEndpoint sip;
    private final LocationService location;
    private final LegRegistry legs = new LegRegistry();
    private final RequestAuthenticator authenticator;
    private final Registrar registrar;
    private final InboundCalls inbound;
    private final TrunkClients trunkClients;
    private final TrunkDialer trunkDialer;
    private final AccountCalls accountCalls;
    private final TcpConnections tcpConnections;

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
        SipLimits limits = settings.limits();
        this.tcpConnections = new TcpConnections(limits.tcpMaxConnections(), limits.tcpMaxConnectionsPerIp(),
                limits.tcpIdle(), this::tcpFlowsInUse);
        try {
            this.sip = new SipEndpoint(settings, this, tcpConnections, calls.admission());
        } catch (Exception | Error e) {
            tcpConnections.close();
            throw e;
        }
        // contacts expire no sooner than min_expires after they were refreshed: sweep twice as often, at most every 30 s
        this.location = new LocationService(registrations, clock,
                Duration.ofSeconds(Math.clamp(settings.minExpires() / 2, 1, 30)));
        this.accountCalls = new AccountCalls(limits.maxCallsPerAccount());
        this.authenticator = new RequestAuthenticator(sip, directory, authentication.digest(),
                authentication.perAccount(), authentication.perSource());
        this.registrar = new Registrar(sip, settings, authenticator, location, clock);
        var anchor = new InboundAnchor(sip, mediaEngine, legs);
        this.inbound = new InboundCalls(sip, authenticator, anchor, calls, trunkSources,
                new TrunkCalls(sip, anchor, calls), accountCalls);
        this.trunkDialer = new TrunkDialer(sip, mediaEngine, legs, trunks);
        this.signalling = new DeviceDialer(sip, location, mediaEngine, legs, trunkDialer, accountCalls);
        try {
            this.trunkClients = new TrunkClients(trunks, new NonInviteClient(sip), trunkTimers);
        } catch (RuntimeException e) {
            location.close();
            sip.close();
            tcpConnections.close();
            throw e;
        }
        trunkClients.start();
    }

    /** How the core rings devices and dials out through trunks: hand it to the core at wiring. */
    public SignallingPort signallingPort() { return signalling; }

    public int udpPort() { return sip.port("udp"); }
    public int tcpPort() { return sip.port("tcp"); }
    public int registrations() { return location.count(); }
    /** Live registrations of one SIP account. */
    public int registrationsOf(String sipUsername) { return location.contacts(sipUsername).size(); }

    /**
     * Forgets every registration of a SIP account (memory and storage), e.g. when its extension is deleted or its
     * password reset: calls no longer reach its devices until they register again, with valid credentials.
     */
    public void dropRegistrations(String sipUsername) { location.removeAll(sipUsername); }
    /** The devices registered now (for the read API's extension status). */
    public Registrations locations() { return location; }
    /** Contacts held in memory, expired ones not yet swept included. */
    public int heldRegistrations() { return location.held(); }
    /** Registration changes waiting for storage (written behind, retried while the database fails). */
    public WriteBehindQueue<String, ?> registrationWrites() { return location.writes(); }
    public int openDialogs() { return legs.size(); }
    /** ACKs that arrived while the stack was still sending the 200 they acknowledge (see AnswerBeforeAck), since start. */
    public long acksHeldForAnswer() { return sip.answers.heldAcks(); }
    /** Dialogs the SIP stack holds (confirmed and early): ours, and those it has not yet let go of. */
    public int stackDialogs() { return ((SIPTransactionStack) sip.stack).getDialogs().size(); }
    /** Transactions the SIP stack holds, including completed ones kept to absorb retransmissions (32 s over UDP). */
    public int stackTransactions(boolean server) {
        SIPTransactionStack stack = (SIPTransactionStack) sip.stack;
        return server ? stack.getServerTransactionTableSize() : stack.getClientTransactionTableSize();
    }
    /** Calls the devices of SIP account {@code sipUsername} are in now ({@code limits.max_calls_per_account}). */
    public int callsOfAccount(String sipUsername) { return accountCalls.of(sipUsername); }
    /** Calls refused (placed or to ring) because an account was at its limit of concurrent calls, since start. */
    public long callsRefusedForAccountLimit() { return accountCalls.refused(); }
    /** REGISTERs refused because the account was at its limit of contacts, since start. */
    public long registrationsRefused() { return registrar.refused(); }
    /** SIP/TCP connections the switch accepted that are open now. */
    public int tcpConnections() { return tcpConnections.open(); }
    /** SIP/TCP connections refused since start because {@code all} of them, or those of one address, were at the limit. */
    public long tcpConnectionsRefused(boolean all) { return all ? tcpConnections.refusedTotal() : tcpConnections.refusedPerIp(); }
    /** SIP/TCP connections closed since start because they carried nothing and completed no message in time. */
    public long tcpConnectionsClosedIdle() { return tcpConnections.closedIdle(); }

    /** {@code address:port} of the TCP peers a live registration or a call's dialog uses: their flows stay open. */
    private Set<String> tcpFlowsInUse() {
        Set<String> inUse = new HashSet<>();
        if (location != null) inUse.addAll(location.liveSources("tcp"));
        if (sip != null) inUse.addAll(sip.router.pinnedPeers("tcp"));
        return inUse;
    }
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
            if (tx == null && event.getDialog() == null && hasToTag(request) && STATELESS_481.contains(method)) {
                SipResponses.sendStateless(sip, provider, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                return; // no dialog it could belong to: once, with no transaction that would repeat it to a spoofer
            }
            if (tx == null) {
                // REGISTER and devices' new INVITEs authenticate before any transaction is kept: challenges go out
                // statelessly (trunk calls and calls to DIDs from strangers are InboundCalls' own, below)
                if (RequestAuthenticator.screened(request, event.getDialog()) && !inbound.answeredWithoutDigest(request)
                        && !authenticator.screen(provider, request)) {
                    return;
                }
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
                case Request.INFO -> info(request, tx, leg);
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

    /**
     * CANCEL ends the INVITE transaction it matches (RFC 3261 §9.2: same branch, Request-URI, Call-ID, From tag, CSeq
     * number), not whatever call has its Call-ID: a device reusing another's Call-ID cannot cancel that call.
     */
    private void cancel(Request cancel, ServerTransaction tx) {
        ServerTransaction invite = ((SIPServerTransaction) tx).getCanceledInviteTransaction();
        if (invite == null) {
            invite = (ServerTransaction) ((SIPTransactionStack) sip.stack).findCancelTransaction((SIPRequest) cancel, true);
        }
        Object leg = invite == null || !Request.INVITE.equals(invite.getRequest().getMethod()) ? null
                : invite.getApplicationData();
        if (leg instanceof InboundLeg in) {
            SipResponses.send(sip, tx, cancel, Response.OK);
            in.onCancel();
        } else {
            SipResponses.send(sip, tx, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        }
    }

    /** INFO in a dialog: answered 200; a DTMF digit in it goes to the bridged party as RFC 4733 events. */
    private void info(Request request, ServerTransaction tx, SipLeg leg) {
        if (leg == null) {
            SipResponses.send(sip, tx, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        SipResponses.send(sip, tx, request, Response.OK);
        InfoDtmf.of(request).ifPresent(d -> {
            boolean relayed = leg.media.relayDtmf(d.digit(), d.duration());
            log.debug("DTMF {} from {} by SIP INFO {}", d.digit(), leg.device(), relayed ? "relayed" : "dropped");
        });
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
        tcpConnections.close();
    }
}
