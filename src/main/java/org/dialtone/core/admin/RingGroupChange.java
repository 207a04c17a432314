package org.dialtone.core.admin;

import java.util.List;

/**
 * What a PATCH of a ring group changes: a null {@code name} or {@code members} stays as it is. The ring timeout changes
 * only when {@code ringTimeoutGiven}: then a null {@code ringTimeoutSeconds} returns the group to the switch's ring
 * timeout ({@code sip.ring_timeout_seconds}).
 */
public record RingGroupChange(String name, List<String> members, boolean ringTimeoutGiven, Integer ringTimeoutSeconds) {
    /** Nothing to change. */
    public boolean isEmpty() { return name == null && members == null && !ringTimeoutGiven; }
}
