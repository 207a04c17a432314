package org.dialtone.core.dialplan;

import java.util.List;
import org.dialtone.core.customer.Extension;

/** Where a dialled string leads, for one customer ({@link DialPlan#resolve}). */
public sealed interface Destination {
    /** One of the customer's extensions. */
    record ToExtension(Extension extension) implements Destination {}

    /** A spot of the customer's parking lot (empty or not). */
    record ToSpot(String spot) implements Destination {}

    /** A ring group, with its members that exist. */
    record ToRingGroup(RingGroup group, List<Extension> members) implements Destination {}

    /** A number of the telephone network, reached through {@code trunks} in order. */
    record ToOutside(String e164, List<String> trunks) implements Destination {}

    /** Nothing: not an extension, spot or group, and not an outside number the customer may call. */
    record Nowhere(String dialled) implements Destination {}
}
