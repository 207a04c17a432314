package org.dialtone.core.admin;

import java.util.List;

/** The stored record of changes made through the management API. Never holds a secret. */
public interface AuditLog {
    /** Appends an entry, stamped with the current time. */
    void record(String actor, String action, String object, String detail);

    /** At most {@code limit} entries, newest first, all older than {@code beforeId} (null: from the newest). */
    List<AuditEntry> page(int limit, Long beforeId);
}
