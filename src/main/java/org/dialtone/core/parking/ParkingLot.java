package org.dialtone.core.parking;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The parking spots of one customer (default 701–710). Each spot is empty or holds one parked call; claiming a spot
 * is atomic, so two concurrent parks into one spot can never both win. {@code T} is what a spot holds (the core's
 * record of the parked channel).
 */
public final class ParkingLot<T> {
    private final int first;
    private final int last;
    private final Duration timeout;
    private final ConcurrentHashMap<String, T> spots = new ConcurrentHashMap<>();

    /** @param timeout how long a call stays parked before the parker is rung back; zero = forever */
    public ParkingLot(int first, int last, Duration timeout) {
        if (first > last) throw new IllegalArgumentException("first spot " + first + " after last " + last);
        this.first = first;
        this.last = last;
        this.timeout = timeout;
    }

    /** Whether {@code spot} is a spot of this lot ("703" is, "0703" and "7030" are not). */
    public boolean contains(String spot) {
        if (spot == null || spot.isEmpty() || spot.length() > 9 || !spot.chars().allMatch(Character::isDigit)) return false;
        if (spot.length() > 1 && spot.charAt(0) == '0') return false;
        int n = Integer.parseInt(spot);
        return n >= first && n <= last;
    }

    /** Puts {@code occupant} into {@code spot} if it is empty; returns whether it did. */
    public boolean claim(String spot, T occupant) {
        requireSpot(spot);
        return spots.putIfAbsent(spot, occupant) == null;
    }

    public Optional<T> occupant(String spot) {
        return Optional.ofNullable(spots.get(spot));
    }

    /** Empties {@code spot} if it still holds {@code occupant}; returns whether it did. */
    public boolean release(String spot, T occupant) {
        return spots.remove(spot, occupant);
    }

    public int occupied() { return spots.size(); }

    public Duration timeout() { return timeout; }

    public String range() { return first + "-" + last; }

    /** Every spot of the lot, in order, taken or not. */
    public List<String> spots() {
        return IntStream.rangeClosed(first, last).mapToObj(Integer::toString).toList();
    }

    private void requireSpot(String spot) {
        if (!contains(spot)) throw new IllegalArgumentException("spot " + spot + " is outside the lot " + range());
    }
}
