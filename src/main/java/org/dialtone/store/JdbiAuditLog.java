package org.dialtone.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.dialtone.core.admin.AuditEntry;
import org.dialtone.core.admin.AuditLog;
import org.jdbi.v3.core.Jdbi;

/** The management API's audit log in SQL; times are epoch milliseconds, pages go by descending id. */
public final class JdbiAuditLog implements AuditLog {
    private final Jdbi jdbi;
    private final Clock clock;

    public JdbiAuditLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override public void record(String actor, String action, String object, String detail) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO audit_log (at, actor, action, object, detail) VALUES (:at, :actor, :action, :object, :detail)""")
                .bind("at", clock.millis())
                .bind("actor", actor)
                .bind("action", action)
                .bind("object", object)
                .bind("detail", detail == null ? "" : detail)
                .execute());
    }

    @Override public List<AuditEntry> page(int limit, Long beforeId) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT id, at, actor, action, object, detail FROM audit_log"
                    + (beforeId == null ? "" : " WHERE id < :before") + " ORDER BY id DESC LIMIT :limit");
            if (beforeId != null) query.bind("before", beforeId.longValue());
            return query.bind("limit", limit)
                .map((rs, ctx) -> new AuditEntry(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")),
                        rs.getString("actor"), rs.getString("action"), rs.getString("object"), rs.getString("detail")))
                .list();
        });
    }
}
