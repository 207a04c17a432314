package org.dialtone.sip.trunk;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** One channel taken on a trunk for one call attempt; {@link #release()} gives it back exactly once, however often called. */
public final class TrunkChannel {
    private final TrunkState trunk;
    private final AtomicBoolean released = new AtomicBoolean();

    private TrunkChannel(TrunkState trunk) { this.trunk = trunk; }

    /** A channel for a call we place: only when the trunk is up and below its limit. */
    public static Optional<TrunkChannel> outbound(TrunkState trunk) {
        return trunk.tryAcquireChannel() ? Optional.of(new TrunkChannel(trunk)) : Optional.empty();
    }

    /** A channel for a call the carrier sends: only the limit counts (the carrier is evidently reachable). */
    public static Optional<TrunkChannel> inbound(TrunkState trunk) {
        return trunk.tryAcquireInboundChannel() ? Optional.of(new TrunkChannel(trunk)) : Optional.empty();
    }

    public TrunkState trunk() { return trunk; }

    public void release() {
        if (released.compareAndSet(false, true)) trunk.releaseChannel();
    }

    public boolean isReleased() { return released.get(); }
}
