package org.dialtone.core.customer;

import java.util.Map;

/**
 * The customer repository with who owns each row ({@link ManagedBy}), for the start-up sync and the management API.
 * The plain {@link CustomerRepository} upserts write rows owned by the configuration (and take over a row the API
 * owned); the {@code save} methods here write the owner given.
 */
public interface ManagedCustomerRepository extends CustomerRepository {
    /** Owner of each active customer, by code. */
    Map<String, ManagedBy> customerOwners();
    /** Owner of each extension of one customer, by number. */
    Map<String, ManagedBy> extensionOwners(String customerCode);
    /** Owner of each API token of one customer, by SHA-256 hex. */
    Map<String, ManagedBy> tokenOwners(String customerCode);

    /** Inserts or updates a customer (a disabled one becomes active) with this owner. */
    void saveCustomer(Customer customer, ManagedBy owner);
    /** Inserts or replaces the extension {@code (customerCode, number)} with this owner. */
    void saveExtension(Extension extension, ManagedBy owner);
    /** Inserts or replaces a token with this owner. */
    void saveToken(ApiToken token, ManagedBy owner);
}
