package org.dialtone.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.dialtone.core.location.Registration;
import org.dialtone.core.location.RegistrationRepository;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Durable registrations keyed by (SIP username, contact URI). Expiry is stored as epoch milliseconds. */
public final class JdbiRegistrationRepository implements RegistrationRepository {
    private static final String COLUMNS = "sip_username, contact_uri, source, transport, call_id, expires_at, user_agent";

    private final Jdbi jdbi;

    public JdbiRegistrationRepository(Jdbi jdbi) { this.jdbi = jdbi; }

    @Override public void save(Registration registration) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO registration (" + COLUMNS + """
                ) VALUES (:sipUsername, :contactUri, :source, :transport, :callId, :expiresAt, :userAgent)
                ON CONFLICT (sip_username, contact_uri) DO UPDATE SET
                    source = excluded.source,
                    transport = excluded.transport,
                    call_id = excluded.call_id,
                    expires_at = excluded.expires_at,
                    user_agent = excluded.user_agent""")
                .bind("sipUsername", registration.sipUsername())
                .bind("contactUri", registration.contactUri())
                .bind("source", registration.source())
                .bind("transport", registration.transport())
                .bind("callId", registration.callId())
                .bind("expiresAt", registration.expiresAt().toEpochMilli())
                .bind("userAgent", registration.userAgent())
                .execute());
    }

    @Override public void delete(String sipUsername, String contactUri) {
        jdbi.useHandle(h -> h.createUpdate(
                        "DELETE FROM registration WHERE sip_username = :sipUsername AND contact_uri = :contactUri")
                .bind("sipUsername", sipUsername)
                .bind("contactUri", contactUri)
                .execute());
    }

    /** Every stored registration, expired ones included, ordered by username then contact. */
    @Override public List<Registration> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM registration ORDER BY sip_username, contact_uri")
                .map(JdbiRegistrationRepository::registration)
                .list());
    }

    @Override
    public int deleteAllExcept(java.util.Set<String> sipUsernames) {
        return jdbi.inTransaction(h -> {
            List<String> stale = h.createQuery("SELECT DISTINCT sip_username FROM registration")
                    .mapTo(String.class).list().stream().filter(u -> !sipUsernames.contains(u)).toList();
            int removed = 0;
            for (String user : stale) {
                removed += h.createUpdate("DELETE FROM registration WHERE sip_username = :user").bind("user", user).execute();
            }
            return removed;
        });
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM registration WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli())
                .execute());
    }

    private static Registration registration(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Registration(rs.getString("sip_username"), rs.getString("contact_uri"), rs.getString("source"),
                rs.getString("transport"), rs.getString("call_id"), Instant.ofEpochMilli(rs.getLong("expires_at")),
                rs.getString("user_agent"));
    }
}
