package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.media.MediaEngine;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.sip.sdp.SdpException;
import org.dialtone.sip.sdp.SdpNegotiator;
import org.dialtone.sip.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an accepted INVITE (from a device or a trunk) into an inbound leg: negotiates its SDP offer, anchors its media
 * on a fresh RTP endpoint, creates the dialog and makes the leg findable. Refuses what it cannot take (no offer,
 * unusable SDP, no RTP port) with the right status.
 */
final class InboundAnchor {
    private static final Logger log = LoggerFactory.getLogger(InboundAnchor.class);

    private final SipEndpoint sip;
    private final MediaEngine mediaEngine;
    private final LegRegistry legs;

    InboundAnchor(SipEndpoint sip, MediaEngine mediaEngine, LegRegistry legs) {
        this.sip = sip;
        this.mediaEngine = mediaEngine;
        this.legs = legs;
    }

    /**
     * @param device     the leg's device: the caller's SIP user, or the trunk's name
     * @param onFinished run once when the leg has ended (e.g. giving a trunk channel back); null for nothing
     * @return the leg, or null after having refused the INVITE ({@code onFinished} is not run then)
     */
    InboundLeg open(SipProvider provider, Request request, ServerTransaction tx, String device, Runnable onFinished)
            throws Exception {
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            log.info("INVITE from {} without SDP offer refused (late offer is not supported)", device);
            SipResponses.send(sip, tx, request, Response.NOT_ACCEPTABLE_HERE);
            return null;
        }
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        RtpEndpoint media;
        try {
            media = mediaEngine.allocate();
        } catch (Exception e) {
            log.warn("no RTP port free for a call from {}: {}", device, e.getMessage());
            SipResponses.send(sip, tx, request, Response.SERVICE_UNAVAILABLE);
            return null;
        }
        media.trustSignallingSource(((SIPRequest) request).getRemoteAddress());
        String answerSdp;
        try {
            var answer = new SdpNegotiator().answer(SessionDescription.parse(new String(body, StandardCharsets.UTF_8)),
                    sip.advertisedHost, media.localPort(), SipLeg.sessionIdFor(callId), 1);
            media.configure(answer.remoteRtp(), answer.payloadType(), answer.telephoneEventPt());
            media.setHeld(answer.hold());
            answerSdp = answer.sdp().format();
        } catch (SdpException e) {
            media.release();
            log.info("INVITE from {} with unusable SDP: {}", device, e.getMessage());
            var r = SipResponses.create(sip, request, Response.NOT_ACCEPTABLE_HERE);
            r.addHeader(SipResponses.warning(sip, e.getMessage()));
            tx.sendResponse(r);
            return null;
        } catch (RuntimeException e) { // a bug or a parser surprise must not cost an RTP port pair
            media.release();
            throw e;
        }
        SIPRequest raw = (SIPRequest) request;
        String transport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport();
        InboundLeg leg = new InboundLeg(sip, legs, provider, media, device, callId, request, tx, answerSdp);
        sip.router.pin(callId, leg.localTag(), raw.getRemoteAddress().getHostAddress(), raw.getRemotePort(), transport);
        if (onFinished != null) leg.whenFinished(onFinished);
        Dialog dialog;
        try {
            dialog = provider.getNewDialog(tx);
        } catch (Exception e) { // nothing is findable yet: undo what this method did
            sip.router.unpin(callId, leg.localTag());
            media.release();
            throw e;
        }
        leg.dialog(dialog);
        legs.add(leg, callId, tx, dialog);
        return leg;
    }

    /**
     * Hands an opened leg to the core ({@code core} calls it). If that throws, the caller gets 500, the leg is
     * forgotten (dialog, routing, trunk channel) and its RTP endpoint released before the exception goes on.
     */
    static LegListener handOver(InboundLeg leg, Supplier<LegListener> core) {
        try {
            return core.get();
        } catch (RuntimeException | Error e) {
            leg.hangup(HangupCause.FAILED);
            leg.media().release();
            throw e;
        }
    }
}
