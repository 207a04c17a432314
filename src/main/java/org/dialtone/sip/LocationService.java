package org.dialtone.sip;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.location.Registration;
import org.dialtone.core.location.RegistrationRepository;
import org.dialtone.core.location.Registrations;
import org.dialtone.core.writebehind.WriteBehindQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered contacts per SIP account, in memory for the hot path and written behind to the repository (thread
 * {@code registration-writer}, never the SIP stack's) so registrations survive a restart. The writes are coalesced
 * per contact (the latest change wins), bounded ({@link #WRITE_QUEUE_CAPACITY} contacts) and retried with back-off
 * while storage fails: a locked or slow database delays what is stored, never a REGISTER's answer. Expired contacts
 * are swept from memory and from the repository on a timer, whether or not the account registers or is called again.
 */
final class LocationService implements Registrations, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocationService.class);
    /** Contacts whose change waits for storage, at most: more than a large switch has devices. */
    static final int WRITE_QUEUE_CAPACITY = 20_000;

    /** A change of one contact's stored registration. */
    private sealed interface Change {
        String key();
        void applyTo(RegistrationRepository repository);
    }

    private record Saved(Registration registration) implements Change {
        public String key() { return contactKey(registration.sipUsername(), registration.contactUri()); }
        public void applyTo(RegistrationRepository repository) { repository.save(registration); }
    }

    private record Removed(String user, String contactUri) implements Change {
        public String key() { return contactKey(user, contactUri); }
        public void applyTo(RegistrationRepository repository) { repository.delete(user, contactUri); }
    }

    private static String contactKey(String user, String contactUri) { return user + '\n' + contactUri; }

    private final RegistrationRepository repository;
    private final Clock clock;
    private final ConcurrentHashMap<String, Map<String, Registration>> byUser = new ConcurrentHashMap<>();
    private final WriteBehindQueue<String, Change> writes;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("registration-sweep").daemon().factory());

    LocationService(RegistrationRepository repository, Clock clock) {
        this(repository, clock, Duration.ofSeconds(30));
    }

    /** @param sweepEvery how often expired contacts are removed */
    LocationService(RegistrationRepository repository, Clock clock, Duration sweepEvery) {
        this.repository = repository;
        this.clock = clock;
        repository.deleteExpired(clock.instant());
        int loaded = 0;
        for (Registration r : repository.all()) {
            bindings(r.sipUsername()).put(r.contactUri(), r);
            loaded++;
        }
        if (loaded > 0) log.info("restored {} registration(s) from storage", loaded);
        writes = new WriteBehindQueue<>(new WriteBehindQueue.Settings("registration-writer", WRITE_QUEUE_CAPACITY, 100,
                Duration.ofMillis(50), Duration.ofSeconds(5)), Change::key, (pending, newer) -> newer,
                changes -> changes.forEach(c -> c.applyTo(repository)), null);
        sweeper.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Removes every expired contact (memory and storage). */
    void sweep() {
        try {
            int removed = 0;
            for (String user : byUser.keySet()) {
                int before = byUser.get(user).size();
                removed += before - contacts(user).size(); // drops the expired ones on the way
            }
            if (removed > 0) log.debug("swept {} expired registration(s)", removed);
        } catch (RuntimeException e) {
            log.warn("sweeping expired registrations failed", e);
        }
    }

    /**
     * Held while a REGISTER of {@code user} checks and changes its contacts, so that concurrent REGISTERs cannot add
     * more contacts than the limit between them.
     */
    Object lock(String user) { return bindings(user); }

    /** {@code address:port} of every live registration over {@code transport} (e.g. TCP flows that must stay open). */
    Set<String> liveSources(String transport) {
        Instant now = clock.instant();
        Set<String> sources = new HashSet<>();
        for (Map<String, Registration> m : byUser.values()) {
            for (Registration r : m.values()) {
                if (!r.expired(now) && transport.equalsIgnoreCase(r.transport())) sources.add(r.source());
            }
        }
        return sources;
    }

    /** Contacts held, expired ones not yet swept included (what memory holds). */
    int held() {
        int n = 0;
        for (Map<String, Registration> m : byUser.values()) n += m.size();
        return n;
    }

    /** The registration changes waiting for storage (depth, drops, failed attempts are metrics). */
    WriteBehindQueue<String, ?> writes() { return writes; }

    private Map<String, Registration> bindings(String user) {
        return byUser.computeIfAbsent(user, u -> new ConcurrentHashMap<>());
    }

    void save(Registration r) {
        bindings(r.sipUsername()).put(r.contactUri(), r);
        writes.offer(new Saved(r));
    }

    void remove(String user, String contactUri) {
        Map<String, Registration> m = byUser.get(user);
        if (m != null) m.remove(contactUri);
        writes.offer(new Removed(user, contactUri));
    }

    void removeAll(String user) {
        Map<String, Registration> m = byUser.get(user);
        if (m == null) return;
        for (String contact : List.copyOf(m.keySet())) remove(user, contact);
    }

    /** Live (unexpired) contacts of {@code user}; expired ones are dropped on the way. */
    List<Registration> contacts(String user) {
        Map<String, Registration> m = byUser.get(user);
        if (m == null) return List.of();
        Instant now = clock.instant();
        List<Registration> live = new ArrayList<>();
        for (Registration r : m.values()) {
            if (r.expired(now)) remove(user, r.contactUri());
            else live.add(r);
        }
        return live;
    }

    @Override public List<Registration> live(String sipUsername) { return contacts(sipUsername); }

    /** Number of live registrations across all accounts. */
    int count() {
        Instant now = clock.instant();
        int n = 0;
        for (Map<String, Registration> m : byUser.values()) {
            for (Registration r : m.values()) if (!r.expired(now)) n++;
        }
        return n;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        writes.close(Duration.ofSeconds(5));
    }
}
