package org.dialtone.core.call;

import java.time.Instant;
import org.dialtone.core.channel.Channel;

/**
 * A channel waiting in a parking spot, hearing music on hold. {@code parkerNumber} is the extension rung back when
 * the park times out (null if unknown); {@code timeoutAt} is null when parked calls never time out. Compared by
 * identity: the lot releases a spot only for the very park that claimed it.
 */
final class ParkedChannel {
    private final String spot;
    private final Call call;
    private final Channel channel;
    private final String parkerNumber;
    private final Instant timeoutAt;

    ParkedChannel(String spot, Call call, Channel channel, String parkerNumber, Instant timeoutAt) {
        this.spot = spot;
        this.call = call;
        this.channel = channel;
        this.parkerNumber = parkerNumber;
        this.timeoutAt = timeoutAt;
    }

    String spot() { return spot; }
    Call call() { return call; }
    Channel channel() { return channel; }
    String parkerNumber() { return parkerNumber; }
    Instant timeoutAt() { return timeoutAt; }
}
