package org.dialtone.sip;

import java.net.InetAddress;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderAddress;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.dialplan.OutsideNumbers;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.sip.trunk.TrunkChannel;
import org.dialtone.sip.trunk.TrunkNumbers;
import org.dialtone.sip.trunk.TrunkState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls from the network: an INVITE from a trunk's address. The DID (Request-URI user, else To user) is read in the
 * trunk's number format; an unknown DID gets 404 and a trunk at its channel limit 503, neither taking a channel. The
 * caller is read from P-Asserted-Identity, else From. The leg's device is the trunk's name; its channel is given
 * back when the leg ends. An INVITE for a DID from an address that is no trunk is refused with 403.
 */
final class TrunkCalls {
    private static final Logger log = LoggerFactory.getLogger(TrunkCalls.class);

    private final SipEndpoint sip;
    private final InboundAnchor anchor;
    private final CallIntake calls;

    TrunkCalls(SipEndpoint sip, InboundAnchor anchor, CallIntake calls) {
        this.sip = sip;
        this.anchor = anchor;
        this.calls = calls;
    }

    void invite(SipProvider provider, Request request, ServerTransaction tx, TrunkState state) throws Exception {
        Trunk trunk = state.trunk();
        Optional<String> did = calledNumber(request, trunk);
        if (did.isEmpty()) {
            log.info("INVITE from trunk {} for '{}', which is not a number: 404", trunk.name(),
                    TrunkNumbers.printable(userOf(request.getRequestURI())));
            SipResponses.send(sip, tx, request, Response.NOT_FOUND);
            return;
        }
        if (!calls.knowsDid(did.get())) {
            log.info("INVITE from trunk {} for {}, which is no DID: 404", trunk.name(), did.get());
            SipResponses.send(sip, tx, request, Response.NOT_FOUND);
            return;
        }
        Optional<TrunkChannel> channel = TrunkChannel.inbound(state);
        if (channel.isEmpty()) {
            log.warn("INVITE from trunk {} for {} refused: all {} channels busy", trunk.name(), did.get(),
                    trunk.maxChannels());
            SipResponses.send(sip, tx, request, Response.SERVICE_UNAVAILABLE);
            return;
        }
        CallerId caller = callerOf(request, trunk);
        InboundLeg leg;
        try {
            leg = anchor.open(provider, request, tx, trunk.name(), channel.get()::release);
        } catch (Exception e) {
            channel.get().release();
            throw e;
        }
        if (leg == null) {
            channel.get().release();
            return;
        }
        log.info("call from trunk {}: {} to DID {}", trunk.name(), caller.number(), did.get());
        LegListener listener = InboundAnchor.handOver(leg,
                () -> calls.incomingFromTrunk(trunk.name(), did.get(), caller, leg));
        if (listener == null) {
            // the DID vanished (reconfiguration) or the switch is shutting down
            leg.hangup(calls.knowsDid(did.get()) ? HangupCause.SHUTDOWN : HangupCause.NOT_FOUND);
            leg.media().release();
            return;
        }
        leg.bind(listener);
    }

    /**
     * Refuses (403) an INVITE without credentials from an address that is no trunk when it calls a DID; false when
     * it does not, and the INVITE goes on as a device's (challenge).
     */
    boolean refuseDidFromStranger(Request request, ServerTransaction tx, InetAddress source) {
        Optional<String> e164 = calledDid(request);
        if (e164.isEmpty()) return false;
        log.warn("INVITE for DID {} from {} which is not a trunk: 403", e164.get(), source.getHostAddress());
        SipResponses.send(sip, tx, request, Response.FORBIDDEN);
        return true;
    }

    /** The DID of this switch that the Request-URI's user names (E.164, or digits read as E.164), if any. */
    Optional<String> calledDid(Request request) {
        String user = userOf(request.getRequestURI());
        if (user == null) return Optional.empty();
        Optional<String> e164 = user.startsWith("+") ? OutsideNumbers.toE164(user, null)
                : OutsideNumbers.allDigits(user) ? OutsideNumbers.toE164("+" + user, null) : Optional.empty();
        return e164.filter(calls::knowsDid);
    }

    /** The DID called: the Request-URI's user, or the To user when that is not a number. */
    private static Optional<String> calledNumber(Request request, Trunk trunk) {
        Optional<String> fromUri = TrunkNumbers.toE164(userOf(request.getRequestURI()), trunk);
        if (fromUri.isPresent()) return fromUri;
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null ? Optional.empty() : TrunkNumbers.toE164(userOf(to.getAddress().getURI()), trunk);
    }

    /** The caller as the carrier asserts it (P-Asserted-Identity), else as From says. */
    private static CallerId callerOf(Request request, Trunk trunk) {
        Address address = null;
        if (request.getHeader("P-Asserted-Identity") instanceof HeaderAddress pai) address = pai.getAddress();
        if (address == null) {
            FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
            if (from != null) address = from.getAddress();
        }
        if (address == null) return new CallerId(null, null);
        return new CallerId(TrunkNumbers.callerNumber(userOf(address.getURI()), trunk),
                TrunkNumbers.printable(address.getDisplayName()));
    }

    /** The user of a SIP URI, or the number of a tel: URI ({@code +} for a global one); null otherwise. */
    private static String userOf(URI uri) {
        if (uri instanceof SipURI sipUri) return sipUri.getUser();
        if (uri instanceof TelURL tel) return (tel.isGlobal() ? "+" : "") + tel.getPhoneNumber();
        return null;
    }
}
