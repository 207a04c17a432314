package org.dialtone.core.parking;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * One park episode: {@code occupant} waits in {@code spot} of {@code customerCode}'s lot. {@code parkerNumber} is the
 * number rung back when the park times out (null if unknown); {@code timeoutAt} is null when parked calls never time
 * out. Compared by identity: the lot releases a spot only for the very park that claimed it. Owned by
 * {@link ParkingService}; the fields that change are guarded by its monitor.
 */
public final class Parking<T> {
    private final String customerCode;
    private final String spot;
    private final T occupant;
    private final String parkerNumber;
    private final Instant parkedAt;
    Instant timeoutAt;
    ScheduledFuture<?> timer;
    ParkResolution resolution;

    Parking(String customerCode, String spot, T occupant, String parkerNumber, Instant parkedAt) {
        this.customerCode = customerCode;
        this.spot = spot;
        this.occupant = occupant;
        this.parkerNumber = parkerNumber;
        this.parkedAt = parkedAt;
    }

    public String customerCode() { return customerCode; }
    public String spot() { return spot; }
    public T occupant() { return occupant; }
    public String parkerNumber() { return parkerNumber; }
    public Instant parkedAt() { return parkedAt; }
    public synchronized Instant timeoutAt() { return timeoutAt; }

    /** How the episode ended, or null while the call is still parked. */
    public synchronized ParkResolution resolution() { return resolution; }

    @Override public String toString() { return "Parking[" + customerCode + "/" + spot + " by " + parkerNumber + "]"; }
}
