package org.dialtone.core.customer;

import java.util.List;
import java.util.Optional;

/**
 * Customers, their extensions and API tokens. The database is the source of truth.
 * <p>
 * A customer is active or disabled. A disabled customer was removed from the configuration while it had call records:
 * it is kept so that its history keeps its name, but it has no extensions and no tokens, and every lookup here leaves
 * it out ({@link #customers}, {@link #findCustomer}, {@link #findTokenByHash}).
 */
public interface CustomerRepository {
    /** What {@link #removeCustomer} did. */
    enum Removal {
        /** The customer is gone, with everything it had. */
        DELETED,
        /** It had call records: its extensions, tokens, DIDs and ring groups are gone, the customer is kept disabled. */
        DISABLED,
        /** There was no active customer with that code. */
        ABSENT
    }

    /** Inserts or updates a customer; a disabled one becomes active again. */
    void upsertCustomer(Customer customer);
    /** An active customer. */
    Optional<Customer> findCustomer(String code);
    /** Active customers, by code. */
    List<Customer> customers();
    /** Codes of the disabled customers, in order. */
    List<String> disabledCustomers();
    /**
     * Removes a customer: its extensions, API tokens, DIDs and ring groups are deleted, and the customer too unless it
     * has call records, in which case it is kept {@linkplain Removal#DISABLED disabled}.
     */
    Removal removeCustomer(String code);

    void upsertExtension(Extension extension);
    Optional<Extension> findExtension(String customerCode, String number);
    Optional<Extension> findExtensionBySipUsername(String sipUsername);
    List<Extension> extensions(String customerCode);
    /** Deletes one extension (and its ring group memberships); nothing happens when there is none. */
    void deleteExtension(String customerCode, String number);

    void upsertToken(ApiToken token);
    /** A token of an active customer. */
    Optional<ApiToken> findTokenByHash(String tokenSha256);
    /** The API tokens of one customer, by hash. */
    List<ApiToken> tokens(String customerCode);
    /** Deletes one token; nothing happens when there is none. */
    void deleteToken(String tokenSha256);
}
