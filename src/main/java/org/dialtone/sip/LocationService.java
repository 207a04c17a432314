package org.dialtone.sip;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dialtone.core.location.Registration;
import org.dialtone.core.location.RegistrationRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered contacts per SIP account, in memory for the hot path and written behind to the repository (on its own
 * thread, never the SIP stack's) so registrations survive a restart.
 */
final class LocationService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocationService.class);

    private final RegistrationRepository repository;
    private final Clock clock;
    private final ConcurrentHashMap<String, Map<String, Registration>> byUser = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("registration-writer").daemon().factory());

    LocationService(RegistrationRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        repository.deleteExpired(clock.instant());
        int loaded = 0;
        for (Registration r : repository.all()) {
            bindings(r.sipUsername()).put(r.contactUri(), r);
            loaded++;
        }
        if (loaded > 0) log.info("restored {} registration(s) from storage", loaded);
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
        writer.shutdown();
        try {
            writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
