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
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.location.Registration;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.RingResult;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort;
import org.dialtone.media.MediaEngine;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.sip.sdp.MediaDirection;
import org.dialtone.sip.sdp.SdpNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings the registered devices of an extension: one INVITE (and one anchored RTP endpoint) per contact. Calls to the
 * network go to the {@link TrunkDialer}.
 */
final class DeviceDialer implements SignallingPort {
    private static final Logger log = LoggerFactory.getLogger(DeviceDialer.class);

    private final SipEndpoint sip;
    private final LocationService location;
    private final MediaEngine mediaEngine;
    private final LegRegistry legs;
    private final TrunkDialer trunks;
    private final AccountCalls accounts;

    DeviceDialer(SipEndpoint sip, LocationService location, MediaEngine mediaEngine, LegRegistry legs,
                 TrunkDialer trunks, AccountCalls accounts) {
        this.sip = sip;
        this.location = location;
        this.mediaEngine = mediaEngine;
        this.legs = legs;
        this.trunks = trunks;
        this.accounts = accounts;
    }

    @Override
    public RingResult ring(List<Extension> targets, CallerId callerId, LegListener listener) {
        List<Registration> contacts = new ArrayList<>();
        List<Extension> owners = new ArrayList<>();
        Object slots = new Object(); // this call's place among the calls of each account it rings
        boolean busy = false;
        for (Extension target : targets) {
            List<Registration> devices = location.contacts(target.sipUsername());
            if (devices.isEmpty()) continue;
            if (!accounts.tryTake(target.sipUsername(), slots)) {
                log.warn("{} is at its limit of {} concurrent calls (limits.max_calls_per_account): not rung",
                        target.sipUsername(), accounts.max());
                busy = true;
                continue;
            }
            for (Registration r : devices) {
                contacts.add(r);
                owners.add(target);
            }
        }
        String who = targets.size() == 1 ? targets.get(0).sipUsername() : targets.size() + " extensions";
        if (contacts.isEmpty()) return RingResult.failed(busy ? RingResult.Failure.AT_LIMIT : RingResult.Failure.NO_DEVICE);
        RtpEndpoint media;
        try {
            media = mediaEngine.allocate();
        } catch (Exception e) {
            accounts.releaseAll(slots);
            log.warn("could not ring {}: {}", who, e.getMessage());
            return RingResult.failed(RingResult.Failure.NO_MEDIA_PORT);
        }
        OutboundLeg leg = new OutboundLeg(sip, legs, media, owners.get(0).sipUsername());
        leg.whenFinished(() -> accounts.releaseAll(slots));
        leg.bind(new AccountReleasingListener(listener, accounts, slots));
        String sdp;
        try {
            sdp = new SdpNegotiator().offer(sip.advertisedHost, media.localPort(), leg.sdpSessionId, 1,
                    List.of(SdpNegotiator.PCMU, SdpNegotiator.PCMA), SdpNegotiator.DEFAULT_TELEPHONE_EVENT_PT,
                    MediaDirection.SENDRECV).format();
        } catch (Exception e) {
            media.release();
            accounts.releaseAll(slots);
            throw new IllegalStateException("could not build our own SDP offer", e);
        }
        int sent = 0;
        for (int i = 0; i < contacts.size(); i++) {
            if (invite(leg, owners.get(i), contacts.get(i), callerId, sdp)) sent++;
        }
        if (sent == 0) {
            media.release();
            accounts.releaseAll(slots);
            return RingResult.failed(RingResult.Failure.NOT_SENT);
        }
        log.debug("ringing {} on {} device(s)", who, sent);
        return RingResult.ringing(leg);
    }

    @Override
    public RingResult dialOut(OutsideCall call, LegListener listener) {
        return trunks.dialOut(call, listener);
    }

    @Override
    public boolean trunkAvailable(List<String> names) { return trunks.trunkAvailable(names); }

    /** Sends one fork's INVITE; false if it could not be sent at all. */
    private boolean invite(OutboundLeg leg, Extension target, Registration contact, CallerId callerId, String sdp) {
        String transport = contact.transport() == null ? "udp" : contact.transport().toLowerCase(Locale.ROOT);
        SipProvider provider = sip.provider(transport);
        CallIdHeader callId = provider.getNewCallId();
        OutboundLeg.Fork fork = leg.addFork(target.sipUsername(), callId.getCallId(), provider);
        try {
            SipURI requestUri = (SipURI) sip.addresses.createURI(contact.contactUri());
            SipURI fromUri = sip.addresses.createSipURI(callerId.number(), sip.advertisedHost);
            Address fromAddress = sip.addresses.createAddress(fromUri);
            if (callerId.name() != null) fromAddress.setDisplayName(callerId.name());
            FromHeader from = sip.headers.createFromHeader(fromAddress, Tags.next());
            ToHeader to = sip.headers.createToHeader(sip.addresses.createAddress(
                    sip.addresses.createSipURI(target.sipUsername(), sip.advertisedHost)), null);
            CSeqHeader cseq = sip.headers.createCSeqHeader(1L, Request.INVITE);
            MaxForwardsHeader maxForwards = sip.headers.createMaxForwardsHeader(70);
            Request invite = sip.messages.createRequest(requestUri, Request.INVITE, callId, cseq, from, to,
                    List.of(sip.via(transport)), maxForwards);
            invite.addHeader(sip.contact(transport));
            invite.addHeader(sip.headers.createHeader("User-Agent", "Dialtone"));
            leg.setSdp(invite, sdp);
            int colon = contact.source().lastIndexOf(':');
            sip.router.pin(callId.getCallId(), contact.source().substring(0, colon),
                    Integer.parseInt(contact.source().substring(colon + 1)), transport);
            ClientTransaction tx = provider.getNewClientTransaction(invite);
            Dialog dialog = provider.getNewDialog(tx);
            leg.sent(fork, tx, dialog);
            legs.add(leg, callId.getCallId(), tx, dialog);
            tx.sendRequest();
            return true;
        } catch (Exception e) {
            log.warn("could not ring {} at {}: {}", target.sipUsername(), contact.contactUri(), e.toString());
            sip.router.unpin(callId.getCallId());
            leg.failedToSend(fork);
            return false;
        }
    }

    /** Passes a leg's progress on; once a device answers, only its account keeps the call's slot. */
    private record AccountReleasingListener(LegListener core, AccountCalls accounts, Object slots) implements LegListener {
        @Override public void ringing(SignallingLeg leg) { core.ringing(leg); }
        @Override public void earlyMedia(SignallingLeg leg) { core.earlyMedia(leg); }

        @Override
        public void answered(SignallingLeg leg) {
            accounts.keepOnly(slots, leg.device());
            core.answered(leg);
        }

        @Override public void ended(SignallingLeg leg, HangupCause cause) { core.ended(leg, cause); }
    }
}
