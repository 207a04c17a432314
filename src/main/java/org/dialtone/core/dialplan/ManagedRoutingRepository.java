package org.dialtone.core.dialplan;

import java.util.List;
import java.util.Map;
import org.dialtone.core.customer.ManagedBy;

/**
 * The routing repository with who owns each DID and ring group ({@link ManagedBy}). {@link #replaceAll} replaces the
 * configuration's trunks, DIDs and ring groups and leaves the ones the management API created, unless the
 * configuration now declares the same DID number or ring group: then the configuration takes it over.
 */
public interface ManagedRoutingRepository extends RoutingRepository {
    /** Owner of each DID, by E.164 number. */
    Map<String, ManagedBy> didOwners();
    /** Owner of each ring group of one customer, by number. */
    Map<String, ManagedBy> ringGroupOwners(String customerCode);

    /** Inserts a DID with this owner, taking over one with the same number the API owned. */
    void saveDid(Did did, ManagedBy owner);
    /** Deletes one DID; nothing happens when there is none. */
    void deleteDid(String number);
    /** Inserts a ring group (members in order) with this owner, taking over one with the same key the API owned. */
    void saveRingGroup(RingGroup group, ManagedBy owner);
    /** Deletes one ring group and its members; nothing happens when there is none. */
    void deleteRingGroup(String customerCode, String number);

    /** DIDs of one customer, by number. */
    default List<Did> dids(String customerCode) {
        return dids().stream().filter(d -> d.customerCode().equals(customerCode)).toList();
    }

    /** Ring groups of one customer, by number. */
    default List<RingGroup> ringGroups(String customerCode) {
        return ringGroups().stream().filter(g -> g.customerCode().equals(customerCode)).toList();
    }
}
