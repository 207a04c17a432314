package org.dialtone.core.customer;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory view of customers and extensions, loaded from the repository at start and after provisioning, so that
 * SIP and HTTP hot paths never wait on the database.
 */
public final class Directory {
    private final CustomerRepository repository;
    private volatile Map<String, Extension> bySipUsername = Map.of();
    private volatile Map<String, Extension> byNumber = Map.of();
    private volatile Map<String, Customer> customers = Map.of();

    public Directory(CustomerRepository repository) {
        this.repository = repository;
    }

    /** Re-reads everything from the repository. */
    public synchronized void reload() {
        Map<String, Extension> users = new ConcurrentHashMap<>();
        Map<String, Extension> numbers = new ConcurrentHashMap<>();
        Map<String, Customer> all = new ConcurrentHashMap<>();
        for (Customer c : repository.customers()) {
            all.put(c.code(), c);
            for (Extension e : repository.extensions(c.code())) {
                users.put(e.sipUsername(), e);
                numbers.put(key(c.code(), e.number()), e);
            }
        }
        bySipUsername = users;
        byNumber = numbers;
        customers = all;
    }

    public Optional<Extension> bySipUsername(String sipUsername) {
        return Optional.ofNullable(bySipUsername.get(sipUsername));
    }

    public Optional<Extension> extension(String customerCode, String number) {
        return Optional.ofNullable(byNumber.get(key(customerCode, number)));
    }

    public Optional<Customer> customer(String code) {
        return Optional.ofNullable(customers.get(code));
    }

    /** The extensions of {@code customerCode}, by number (shorter numbers first, then in digit order). */
    public List<Extension> extensions(String customerCode) {
        return byNumber.values().stream().filter(e -> e.customerCode().equals(customerCode))
                .sorted(Comparator.comparingInt((Extension e) -> e.number().length()).thenComparing(Extension::number))
                .toList();
    }

    public int extensionCount() { return byNumber.size(); }

    private static String key(String customer, String number) { return customer + "/" + number; }
}
