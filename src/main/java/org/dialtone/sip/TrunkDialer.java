package org.dialtone.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dialtone.core.dialplan.OutsideNumbers;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.RingResult;
import org.dialtone.core.signalling.SignallingPort.OutsideCall;
import org.dialtone.media.MediaEngine;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.sip.trunk.TrunkChannel;
import org.dialtone.sip.trunk.TrunkFailover;
import org.dialtone.sip.trunk.TrunkState;
import org.dialtone.sip.trunk.Trunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to the network: takes a channel on the first usable trunk of the call's list (up, below its limit), anchors
 * one RTP endpoint for the whole call and starts a {@link TrunkLeg}, which fails over to the next trunks by itself.
 */
final class TrunkDialer {
    private static final Logger log = LoggerFactory.getLogger(TrunkDialer.class);
    /**
     * A carrier that does not even say 100 Trying within this time is treated as down and the next trunk is tried
     * (the INVITE transaction's own timeout, 32 s, is longer than callers wait).
     */
    static final Duration SILENCE_TIMEOUT = Duration.ofSeconds(5);

    private final SipEndpoint sip;
    private final MediaEngine mediaEngine;
    private final LegRegistry legs;
    private final Trunks trunks;
    private final Set<TrunkLeg> live = ConcurrentHashMap.newKeySet();

    TrunkDialer(SipEndpoint sip, MediaEngine mediaEngine, LegRegistry legs, Trunks trunks) {
        this.sip = sip;
        this.mediaEngine = mediaEngine;
        this.legs = legs;
        this.trunks = trunks;
    }

    RingResult dialOut(OutsideCall call, LegListener listener) {
        if (call.e164() == null || OutsideNumbers.toE164(call.e164(), null).isEmpty()) {
            log.warn("call of customer {} to '{}' not placed: not an E.164 number", call.customerCode(), call.e164());
            return RingResult.failed(RingResult.Failure.NOT_SENT);
        }
        List<TrunkState> order = new ArrayList<>();
        for (String name : call.trunks()) {
            trunks.byName(name).ifPresentOrElse(order::add,
                    () -> log.warn("customer {}: unknown trunk '{}' skipped", call.customerCode(), name));
        }
        TrunkFailover failover = new TrunkFailover(order);
        Optional<TrunkChannel> first = failover.next();
        if (first.isEmpty()) {
            log.info("call of customer {} to {}: no trunk of {} can take it (down, at their limit, or none)",
                    call.customerCode(), call.e164(), call.trunks());
            return RingResult.failed(RingResult.Failure.NO_TRUNK);
        }
        RtpEndpoint media;
        try {
            media = mediaEngine.allocate();
        } catch (Exception e) {
            first.get().release();
            log.warn("call of customer {} to {} not placed: {}", call.customerCode(), call.e164(), e.getMessage());
            return RingResult.failed(RingResult.Failure.NO_MEDIA_PORT);
        }
        TrunkLeg leg = new TrunkLeg(sip, legs, media, call, failover, SILENCE_TIMEOUT, live::remove);
        live.add(leg);
        leg.bind(listener);
        if (!leg.start(first.get())) {
            media.release();
            return RingResult.failed(RingResult.Failure.NOT_SENT);
        }
        return RingResult.ringing(leg);
    }

    boolean trunkAvailable(List<String> names) {
        return names.stream().map(trunks::byName).flatMap(Optional::stream).anyMatch(TrunkState::available);
    }

    /** The stack could not reach {@code host:port}: the trunk calls waiting there move on. */
    void onTransportError(String host, int port, String transport) {
        for (TrunkLeg leg : live) leg.onTransportError(host, port, transport);
    }
}
