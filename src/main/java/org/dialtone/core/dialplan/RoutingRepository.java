package org.dialtone.core.dialplan;

import java.util.List;
import org.dialtone.core.trunk.StoredTrunk;

/**
 * The platform's trunks and every customer's DIDs and ring groups, as declared in the configuration. The declared
 * set is always written whole: whatever it no longer contains is removed. Trunk passwords never get here.
 */
public interface RoutingRepository {
    /**
     * Replaces every stored trunk, DID and ring group (members included) with these, in one transaction: on failure
     * nothing changes. DIDs and ring groups must belong to stored customers; members must be their extensions.
     */
    void replaceAll(List<StoredTrunk> trunks, List<Did> dids, List<RingGroup> ringGroups);

    /** Stored trunks by name. */
    List<StoredTrunk> trunks();

    /** Stored DIDs by number. */
    List<Did> dids();

    /** Stored ring groups by customer code, then number; members in their declared order. */
    List<RingGroup> ringGroups();
}
