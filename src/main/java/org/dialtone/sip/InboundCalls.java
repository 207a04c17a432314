package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.sip.trunk.TrunkSources;
import org.dialtone.sip.trunk.TrunkState;

/**
 * A new INVITE: from a trunk's address (without credentials) it is a call from the network ({@link TrunkCalls});
 * otherwise a device must authenticate (407), and its leg goes to the core, which routes the dialled number.
 */
final class InboundCalls {
    private final SipEndpoint sip;
    private final RequestAuthenticator authenticator;
    private final InboundAnchor anchor;
    private final CallIntake calls;
    private final TrunkSources trunkSources;
    private final TrunkCalls trunkCalls;

    InboundCalls(SipEndpoint sip, RequestAuthenticator authenticator, InboundAnchor anchor, CallIntake calls,
                 TrunkSources trunkSources, TrunkCalls trunkCalls) {
        this.sip = sip;
        this.authenticator = authenticator;
        this.anchor = anchor;
        this.calls = calls;
        this.trunkSources = trunkSources;
        this.trunkCalls = trunkCalls;
    }

    /**
     * Whether a new INVITE is answered without digest authentication: one without credentials from a trunk's address
     * (a call from the network), or from elsewhere to one of our DIDs (403). Every other new INVITE is a device's, and
     * is authenticated before the SIP server keeps a transaction ({@link RequestAuthenticator#screen}).
     */
    boolean answeredWithoutDigest(Request request) {
        if (!Request.INVITE.equals(request.getMethod()) || request.getHeader("Proxy-Authorization") != null) return false;
        return trunkSources.trunkFor(((SIPRequest) request).getRemoteAddress()).isPresent()
                || trunkCalls.calledDid(request).isPresent();
    }

    void invite(SipProvider provider, Request request, ServerTransaction tx) throws Exception {
        tx.sendResponse(SipResponses.create(sip, request, Response.TRYING));
        if (request.getHeader("Proxy-Authorization") == null) {
            var source = ((SIPRequest) request).getRemoteAddress();
            Optional<TrunkState> trunk = trunkSources.trunkFor(source);
            if (trunk.isPresent()) {
                trunkCalls.invite(provider, request, tx, trunk.get());
                return;
            }
            if (trunkCalls.refuseDidFromStranger(request, tx, source)) return;
        }
        Optional<Extension> caller = authenticator.authenticate(request, tx);
        if (caller.isEmpty()) return;
        String dialled = request.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        if (dialled == null || dialled.isBlank()) {
            SipResponses.send(sip, tx, request, Response.NOT_FOUND);
            return;
        }
        InboundLeg leg = anchor.open(provider, request, tx, caller.get().sipUsername(), null);
        if (leg == null) return;
        LegListener listener = InboundAnchor.handOver(leg, () -> calls.incoming(caller.get(), dialled, leg));
        if (listener == null) {
            leg.hangup(org.dialtone.core.channel.HangupCause.SHUTDOWN);
            leg.media().release();
            return;
        }
        leg.bind(listener);
    }
}
