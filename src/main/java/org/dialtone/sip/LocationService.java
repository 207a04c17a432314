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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.location.Registration;
import org.dialtone.core.location.RegistrationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered contacts per SIP account, in memory for the hot path and written behind to the repository (on its own
 * thread, never the SIP stack's) so registrations survive a restart. Expired contacts are swept from memory and from
 * the repository on a timer, whether or not the account registers or is called again.
 */
final class LocationService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocationService.class);

    private final RegistrationRepository repository;
    private final Clock clock;
    private final ConcurrentHashMap<String, Map<String, Registration>> byUser = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("registration-writer").daemon().factory());
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

    private Map<String, Registration> bindings(String user) {
        return byUser.computeIfAbsent(user, u -> new ConcurrentHashMap<>());
    }

    void save(Registration r) {
        bindings(r.sipUsername()).put(r.contactUri(), r);
        writer.execute(() -> persist(() -> repository.save(r)));
    }

    void remove(String user, String contactUri) {
        Map<String, Registration> m = byUser.get(user);
        if (m != null) m.remove(contactUri);
        writer.execute(() -> persist(() -> repository.delete(user, contactUri)));
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

    /** Number of live registrations across all accounts. */
    int count() {
        Instant now = clock.instant();
        int n = 0;
        for (Map<String, Registration> m : byUser.values()) {
            for (Registration r : m.values()) if (!r.expired(now)) n++;
        }
        return n;
    }

    private static void persist(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.error("could not persist registration change", e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        writer.shutdown();
        try {
            writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
