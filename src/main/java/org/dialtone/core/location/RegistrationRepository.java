package org.dialtone.core.location;

import java.util.List;

/** Durable copy of the registrations, so devices stay reachable across a restart. */
public interface RegistrationRepository {
    void save(Registration registration);
    void delete(String sipUsername, String contactUri);
    List<Registration> all();

    /** Removes registrations that expired at or before {@code now}; returns how many were removed. */
    int deleteExpired(java.time.Instant now);

    /**
     * Removes the registrations of every SIP user not in {@code sipUsernames} (accounts that no longer exist); returns
     * how many were removed.
     */
    int deleteAllExcept(java.util.Set<String> sipUsernames);
}
