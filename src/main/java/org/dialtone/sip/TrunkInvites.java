package org.dialtone.sip;

import gov.nist.javax.sip.header.HeaderFactoryExt;
import gov.nist.javax.sip.header.SIPHeader;
import java.text.ParseException;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.dialplan.OutsideNumbers;
import org.dialtone.core.signalling.SignallingPort.OutsideCall;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.core.trunk.TrunkCredentials;
import org.dialtone.sip.auth.ClientDigest;
import org.dialtone.sip.auth.DigestParseException;
import org.dialtone.sip.trunk.TrunkHop;
import org.dialtone.sip.trunk.TrunkNumbers;

/**
 * The INVITEs we send to a trunk: the called number in the trunk's number format in Request-URI and To, our caller
 * id in From and P-Asserted-Identity, and, after a digest challenge, the same request with credentials.
 */
final class TrunkInvites {
    private TrunkInvites() {}

    /** {@code INVITE sip:<number>@host:port;transport=t} for {@code call} on {@code trunk}, offering {@code sdp}. */
    static Request invite(SipEndpoint sip, Trunk trunk, String callId, OutsideCall call, String sdp)
            throws ParseException, InvalidArgumentException {
        String transport = TrunkHop.of(trunk).transport();
        SipURI target = sip.addresses.createSipURI(TrunkNumbers.forTrunk(call.e164(), trunk, call.countryCode()),
                trunk.host());
        target.setPort(trunk.port() > 0 ? trunk.port() : TrunkHop.DEFAULT_PORT);
        target.setTransportParam(transport);
        Address caller = callerAddress(sip, trunk, call);
        Request invite = sip.messages.createRequest(target, Request.INVITE, sip.headers.createCallIdHeader(callId),
                sip.headers.createCSeqHeader(1L, Request.INVITE),
                sip.headers.createFromHeader(caller, Tags.next()),
                sip.headers.createToHeader(sip.addresses.createAddress((SipURI) target.clone()), null),
                List.of(sip.via(transport)), sip.headers.createMaxForwardsHeader(70));
        invite.addHeader(sip.contact(transport));
        if (caller.getURI() instanceof SipURI uri && !"anonymous".equals(uri.getUser())) {
            invite.addHeader(((HeaderFactoryExt) sip.headers).createPAssertedIdentityHeader((Address) caller.clone()));
        }
        invite.addHeader(sip.headers.createHeader("User-Agent", "Dialtone"));
        invite.setContent(sdp, sip.headers.createContentTypeHeader("application", "sdp"));
        return invite;
    }

    /**
     * {@code previous} again, answering the digest challenge of {@code challenge} (a 401 or 407) with
     * {@code credentials}.
     *
     * @throws org.dialtone.sip.auth.DigestParseException when the challenge is missing or cannot be answered
     */
    static Request answering(SipEndpoint sip, Request previous, Response challenge, TrunkCredentials credentials,
                             String transport) throws Exception {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        String challengeHeader = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
        if (!(challenge.getHeader(challengeHeader) instanceof SIPHeader h)) {
            throw new DigestParseException("no " + challengeHeader + " header");
        }
        String value = ClientDigest.answer(ClientDigest.parseChallenge(h.getHeaderValue()), credentials,
                previous.getMethod(), previous.getRequestURI().toString(), 1);
        return authorised(sip, previous, transport, proxy ? "Proxy-Authorization" : "Authorization", value);
    }

    /**
     * {@code previous} again with credentials: the next CSeq, the same Call-ID and From tag, a new branch, and
     * {@code header} ({@code Authorization} or {@code Proxy-Authorization}) set to {@code value}.
     */
    private static Request authorised(SipEndpoint sip, Request previous, String transport, String header, String value)
            throws ParseException, InvalidArgumentException {
        Request r = (Request) previous.clone();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        r.removeHeader(ViaHeader.NAME);
        r.addHeader(sip.via(transport));
        r.removeHeader(header);
        r.addHeader(sip.headers.createHeader(header, value));
        return r;
    }

    /**
     * {@code "<name>" <sip:<number>@<our host>>}: an E.164 caller number in the trunk's format, another one as given
     * (digits, {@code +*#} only), none as {@code anonymous}.
     */
    private static Address callerAddress(SipEndpoint sip, Trunk trunk, OutsideCall call) throws ParseException {
        String number = call.callerId() == null ? null : call.callerId().number();
        String user;
        if (number != null && OutsideNumbers.toE164(number, null).isPresent()) {
            user = TrunkNumbers.forTrunk(number, trunk, call.countryCode());
        } else if (number != null && number.matches("[0-9+*#]{1,32}")) {
            user = number;
        } else {
            user = "anonymous";
        }
        Address address = sip.addresses.createAddress(sip.addresses.createSipURI(user, sip.advertisedHost));
        String name = call.callerId() == null ? null : displayName(call.callerId().name());
        if (name != null) address.setDisplayName(name);
        return address;
    }

    /** A name safe inside a quoted display name: no quotes, backslashes or control characters. */
    private static String displayName(String name) {
        String n = TrunkNumbers.printable(name == null ? null : name.replaceAll("[\"\\\\]", ""));
        return n == null || n.isBlank() ? null : n;
    }
}
