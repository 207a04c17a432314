package org.dialtone.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.location.Registration;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort;
import org.dialtone.media.MediaEngine;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.sip.sdp.SdpNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rings the registered devices of an extension: one INVITE (and one anchored RTP endpoint) per contact. */
final class DeviceDialer implements SignallingPort {
    private static final Logger log = LoggerFactory.getLogger(DeviceDialer.class);

    private final SipEndpoint sip;
    private final LocationService location;
    private final MediaEngine mediaEngine;
    private final LegRegistry legs;

    DeviceDialer(SipEndpoint sip, LocationService location, MediaEngine mediaEngine, LegRegistry legs) {
        this.sip = sip;
        this.location = location;
        this.mediaEngine = mediaEngine;
        this.legs = legs;
    }

    @Override
    public List<SignallingLeg> ring(Extension target, CallerId callerId, LegListener listener) {
        List<SignallingLeg> out = new ArrayList<>();
        for (Registration contact : location.contacts(target.sipUsername())) {
            RtpEndpoint media = null;
            try {
                media = mediaEngine.allocate();
                out.add(invite(target, contact, callerId, media, listener));
            } catch (Exception e) {
                log.warn("could not ring {} at {}: {}", target.sipUsername(), contact.contactUri(), e.toString());
                if (media != null) media.release();
            }
        }
        return out;
    }

    private OutboundLeg invite(Extension target, Registration contact, CallerId callerId, RtpEndpoint media,
                               LegListener listener) throws Exception {
        String transport = contact.transport() == null ? "udp" : contact.transport().toLowerCase(Locale.ROOT);
        SipProvider provider = sip.provider(transport);
        SipURI requestUri = (SipURI) sip.addresses.createURI(contact.contactUri());
        SipURI fromUri = sip.addresses.createSipURI(callerId.number(), sip.advertisedHost);
        Address fromAddress = sip.addresses.createAddress(fromUri);
        if (callerId.name() != null) fromAddress.setDisplayName(callerId.name());
        FromHeader from = sip.headers.createFromHeader(fromAddress, Tags.next());
        ToHeader to = sip.headers.createToHeader(
                sip.addresses.createAddress(sip.addresses.createSipURI(target.sipUsername(), sip.advertisedHost)), null);
        CallIdHeader callId = provider.getNewCallId();
        CSeqHeader cseq = sip.headers.createCSeqHeader(1L, Request.INVITE);
        MaxForwardsHeader maxForwards = sip.headers.createMaxForwardsHeader(70);
        Request invite = sip.messages.createRequest(requestUri, Request.INVITE, callId, cseq, from, to,
                List.of(sip.via(transport)), maxForwards);
        invite.addHeader(sip.contact(transport));
        invite.addHeader(sip.headers.createHeader("User-Agent", "Dialtone"));
        OutboundLeg leg = new OutboundLeg(sip, legs, provider, media, target.sipUsername(), callId.getCallId());
        leg.bind(listener);
        String sdp = new SdpNegotiator().offer(sip.advertisedHost, media.localPort(), leg.sdpSessionId, 1,
                List.of(0, 8), 101, org.dialtone.sip.sdp.MediaDirection.SENDRECV).format();
        leg.setSdp(invite, sdp);
        String[] source = contact.source().split(":");
        HopRouter.pin(callId.getCallId(), source[0], Integer.parseInt(source[1]), transport);
        ClientTransaction tx = provider.getNewClientTransaction(invite);
        Dialog dialog = provider.getNewDialog(tx);
        leg.sent(tx, dialog);
        legs.add(leg, tx, dialog);
        log.debug("ringing {} at {} via {}", target.sipUsername(), contact.contactUri(), contact.source());
        tx.sendRequest();
        return leg;
    }
}
