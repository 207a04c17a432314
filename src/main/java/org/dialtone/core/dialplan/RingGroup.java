package org.dialtone.core.dialplan;

import java.time.Duration;
import java.util.List;

/**
 * A number of a customer that rings several extensions at once ("sales": 200, 201, 202); the first to answer wins.
 * {@code ringTimeout} replaces the switch's ring timeout for this group (null: the switch's).
 */
public record RingGroup(String customerCode, String number, String name, List<String> members, Duration ringTimeout) {
    public RingGroup {
        members = List.copyOf(members);
    }
}
