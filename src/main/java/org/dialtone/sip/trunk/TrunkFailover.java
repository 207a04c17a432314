package org.dialtone.sip.trunk;

import java.util.List;
import java.util.Optional;

/**
 * The trunks of one outside call in failover order: hands out a channel on the next one that takes it (up and below
 * its limit), skipping the others. Used by one call at a time (its signalling leg's monitor).
 */
public final class TrunkFailover {
    private final List<TrunkState> order;
    private int next;

    public TrunkFailover(List<TrunkState> order) { this.order = List.copyOf(order); }

    /** A channel on the next usable trunk after those already handed out, or empty when none is left. */
    public Optional<TrunkChannel> next() {
        while (next < order.size()) {
            Optional<TrunkChannel> channel = TrunkChannel.outbound(order.get(next++));
            if (channel.isPresent()) return channel;
        }
        return Optional.empty();
    }
}
