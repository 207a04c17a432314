package org.dialtone.http.action;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dialtone.core.control.CallControl;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;

/**
 * A hand-written {@link CallControl} with a tiny world: customer {@link #ACME} owns an answered channel
 * {@link #UP_CHANNEL} and a ringing one {@link #RINGING_CHANNEL}; customer {@link #OTHER} owns {@link #FOREIGN_CHANNEL}.
 * Extensions 200 and 226 are registered, 227 exists but is not; the parking lot is 701-710 with 702 occupied.
 * Records every call it accepts.
 */
final class FakeCallControl implements CallControl {
    static final String ACME = "1111111";
    static final String OTHER = "2222222";
    static final String UP_CHANNEL = "7b425045-8977-4529-8bf5-ebcbbdf41db0";
    static final String RINGING_CHANNEL = "0d6c1b7e-3d5c-4f7a-9a55-5c3f0e2d7a11";
    static final String FOREIGN_CHANNEL = "9e1f2a3b-4c5d-4e6f-8a7b-8c9d0e1f2a3b";
    static final String LINKED_ID = "1516918305610.758098";
    static final String NEW_CHANNEL = "5f0c6a1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b";
    static final Instant PARK_TIMEOUT = Instant.parse("2026-11-25T09:00:45.250Z");

    final List<String> calls = new CopyOnWriteArrayList<>();
    /** What a sync originate's answered stage is; tests complete it. */
    volatile CompletableFuture<Outcome> answered = new CompletableFuture<>();
    /** Thrown by the next action instead of its normal behaviour, when set. */
    volatile RuntimeException failNext;
    volatile Instant parkTimeoutAt = PARK_TIMEOUT;

    private final Map<String, String> channelOwner = new ConcurrentHashMap<>(Map.of(
            UP_CHANNEL, ACME, RINGING_CHANNEL, ACME, FOREIGN_CHANNEL, OTHER));
    private final Set<String> registered = Set.of("200", "226");
    private final Set<String> occupiedSpots = ConcurrentHashMap.newKeySet();

    FakeCallControl() {
        occupiedSpots.add("702");
    }

    @Override
    public Originated originate(String customerCode, String extensionNumber, String number) {
        maybeFail();
        extension(customerCode, extensionNumber);
        if (!number.startsWith("+") && number.length() <= 4 && !number.matches("2\\d\\d|70\\d|710")) {
            throw new CallControlException(Reason.NOT_FOUND, "number", "No route to " + number);
        }
        calls.add("originate " + customerCode + " " + extensionNumber + " " + number);
        return new Originated(LINKED_ID, NEW_CHANNEL, answered);
    }

    @Override
    public Transferred blindTransfer(String customerCode, String channelId, String toNumber) {
        maybeFail();
        upChannel(customerCode, channelId);
        calls.add("blindTransfer " + customerCode + " " + channelId + " " + toNumber);
        return new Transferred(LINKED_ID, channelId);
    }

    @Override
    public Parked park(String customerCode, String channelId, String spot) {
        maybeFail();
        upChannel(customerCode, channelId);
        lot(spot);
        if (occupiedSpots.contains(spot)) {
            throw new CallControlException(Reason.SPOT_OCCUPIED, "parking_spot", "Parking spot " + spot + " is occupied");
        }
        calls.add("park " + customerCode + " " + channelId + " " + spot);
        return new Parked(spot, channelId, LINKED_ID, parkTimeoutAt);
    }

    @Override
    public Unparked unpark(String customerCode, String spot, String extensionNumber) {
        maybeFail();
        lot(spot);
        if (!customerCode.equals(ACME) || !occupiedSpots.contains(spot)) {
            throw new CallControlException(Reason.NOT_FOUND, "parking_spot", "Parking spot " + spot + " is empty");
        }
        extension(customerCode, extensionNumber);
        calls.add("unpark " + customerCode + " " + spot + " " + extensionNumber);
        return new Unparked(spot, NEW_CHANNEL, LINKED_ID);
    }

    private void maybeFail() {
        RuntimeException e = failNext;
        if (e != null) {
            failNext = null;
            throw e;
        }
    }

    private void extension(String customerCode, String number) {
        if (!customerCode.equals(ACME) || !(registered.contains(number) || number.equals("227"))) {
            throw new CallControlException(Reason.NOT_FOUND, "extension_number", "No extension " + number);
        }
        if (!registered.contains(number)) {
            throw new CallControlException(Reason.EXTENSION_UNAVAILABLE, "extension_number",
                    "Extension " + number + " has no registered device");
        }
    }

    private void upChannel(String customerCode, String channelId) {
        if (!customerCode.equals(channelOwner.get(channelId))) {
            throw new CallControlException(Reason.NOT_FOUND, "channel_id", "No channel " + channelId);
        }
        if (channelId.equals(RINGING_CHANNEL)) {
            throw new CallControlException(Reason.INVALID_STATE, "channel_id", "Channel " + channelId + " is not answered");
        }
    }

    private static void lot(String spot) {
        if (!spot.matches("70[1-9]|710")) {
            throw new CallControlException(Reason.INVALID_FIELD, "parking_spot", "Parking spot " + spot + " is not in the parking lot");
        }
    }
}
