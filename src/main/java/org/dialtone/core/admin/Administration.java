package org.dialtone.core.admin;

import java.util.List;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.dialplan.RingGroup;

/**
 * The management API's operations. Every change takes the acting admin token's label ({@code actor}), is validated
 * with the configuration's rules, refused for what the configuration owns ({@link AdminException.Reason#MANAGED_BY_CONFIG}),
 * takes effect at once (no restart) and is written to the {@link AuditLog}. Failures are {@link AdminException}s.
 * Items of a customer that does not exist, or belong to another customer, are {@code NOT_FOUND}.
 */
public interface Administration {
    List<Owned<Customer>> customers();
    Owned<Customer> customer(String code);
    Owned<Customer> createCustomer(String actor, String code, String name);
    Owned<Customer> renameCustomer(String actor, String code, String name);
    void deleteCustomer(String actor, String code);

    List<Owned<Extension>> extensions(String code);
    Owned<Extension> extension(String code, String number);
    /** {@code sipUsername} null: {@code <code>-<number>}; {@code password} null: generated (returned once). */
    Created<Extension> createExtension(String actor, String code, String number, String name, String sipUsername,
                                       String password);
    Owned<Extension> renameExtension(String actor, String code, String number, String name);
    /** {@code password} null: generated (returned once). The extension's registrations are dropped. */
    Created<Extension> resetPassword(String actor, String code, String number, String password);
    /**
     * Deletes the extension and takes it out of the ring groups that list it among others; {@code IN_USE} while a DID
     * leads to it, or a ring group would be left without members (or one the configuration owns lists it).
     */
    void deleteExtension(String actor, String code, String number);

    List<Owned<TokenInfo>> tokens(String code);
    /** A new random token, returned once. */
    Created<TokenInfo> createToken(String actor, String code, String label);
    /** The token stops working at once and its open event streams close. */
    void revokeToken(String actor, String code, String id);

    List<Owned<Did>> dids(String code);
    Owned<Did> createDid(String actor, String code, String number, String destination);
    void deleteDid(String actor, String code, String number);

    List<Owned<RingGroup>> ringGroups(String code);
    Owned<RingGroup> createRingGroup(String actor, String code, String number, String name, List<String> members,
                                     Integer ringTimeoutSeconds);
    /** Changes what {@code change} gives (name, members, ring timeout); the rest stays. */
    Owned<RingGroup> updateRingGroup(String actor, String code, String number, RingGroupChange change);
    void deleteRingGroup(String actor, String code, String number);

    /** At most {@code limit} entries, newest first, older than {@code beforeId} (null: from the newest). */
    List<AuditEntry> audit(int limit, Long beforeId);
}
