package org.dialtone.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.call.CallRecordRepository;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Finished calls in SQL. Times are stored as epoch milliseconds, so sub-millisecond precision is dropped. A record
 * without a direction is stored as {@code internal} (the column's values: internal, inbound, outbound).
 */
public final class JdbiCallRecordRepository implements CallRecordRepository {
    private static final String INTERNAL = "internal";
    private final Jdbi jdbi;

    public JdbiCallRecordRepository(Jdbi jdbi) { this.jdbi = jdbi; }

    @Override public void insert(CallRecord record) {
        jdbi.useHandle(h -> {
            var update = h.createUpdate("""
                    INSERT INTO call_record (linked_id, customer_code, from_number, to_number,
                                             start_time, answer_time, end_time, disposition,
                                             direction, outside_number, trunk)
                    VALUES (:linkedId, :customerCode, :from, :to, :start, :answer, :end, :disposition,
                            :direction, :outsideNumber, :trunk)""")
                    .bind("linkedId", record.linkedId())
                    .bind("customerCode", record.customerCode())
                    .bind("from", record.fromNumber())
                    .bind("to", record.toNumber())
                    .bind("start", record.startTime().toEpochMilli())
                    .bind("end", record.endTime().toEpochMilli())
                    .bind("disposition", record.disposition())
                    .bind("direction", record.direction() == null ? INTERNAL : record.direction())
                    .bind("outsideNumber", record.outsideNumber())
                    .bind("trunk", record.trunk());
            if (record.answerTime() == null) update.bindNull("answer", Types.BIGINT);
            else update.bind("answer", record.answerTime().toEpochMilli());
            update.execute();
        });
    }

    /** The newest {@code limit} calls of a customer, newest first (by start time, then insertion order). */
    @Override public List<CallRecord> recent(String customerCode, int limit) {
        if (limit <= 0) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT linked_id, customer_code, from_number, to_number,
                               start_time, answer_time, end_time, disposition,
                               direction, outside_number, trunk
                        FROM call_record WHERE customer_code = :customerCode
                        ORDER BY start_time DESC, id DESC LIMIT :limit""")
                .bind("customerCode", customerCode)
                .bind("limit", limit)
                .map(JdbiCallRecordRepository::callRecord)
                .list());
    }

    private static CallRecord callRecord(ResultSet rs, StatementContext ctx) throws SQLException {
        long answer = rs.getLong("answer_time");
        Instant answerTime = rs.wasNull() ? null : Instant.ofEpochMilli(answer);
        return new CallRecord(rs.getString("linked_id"), rs.getString("customer_code"), rs.getString("from_number"),
                rs.getString("to_number"), Instant.ofEpochMilli(rs.getLong("start_time")), answerTime,
                Instant.ofEpochMilli(rs.getLong("end_time")), rs.getString("disposition"), rs.getString("direction"), rs.getString("outside_number"),
                rs.getString("trunk"));
    }
}
