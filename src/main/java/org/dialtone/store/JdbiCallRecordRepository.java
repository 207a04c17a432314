package org.dialtone.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.dialtone.core.call.CallHistoryQuery;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.call.CallRecordRepository;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Call records in SQL, one row per call (unique linked id). Times are stored as epoch milliseconds, so sub-millisecond
 * precision is dropped. A record without a direction is stored as {@code internal} (the column's values: internal,
 * inbound, outbound).
 */
public final class JdbiCallRecordRepository implements CallRecordRepository {
    private static final String INTERNAL = "internal";
    /** Inserts a call's record, or replaces the stored one while that is still in progress (never an ended call's). */
    private static final String UPSERT = """
            INSERT INTO call_record (linked_id, customer_code, from_number, to_number,
                                     start_time, answer_time, end_time, disposition,
                                     direction, outside_number, trunk)
            VALUES (:linkedId, :customerCode, :from, :to, :start, :answer, :end, :disposition,
                    :direction, :outsideNumber, :trunk)
            ON CONFLICT (linked_id) DO UPDATE SET
                customer_code = excluded.customer_code, from_number = excluded.from_number,
                to_number = excluded.to_number, start_time = excluded.start_time, answer_time = excluded.answer_time,
                end_time = excluded.end_time, disposition = excluded.disposition, direction = excluded.direction,
                outside_number = excluded.outside_number, trunk = excluded.trunk
            WHERE call_record.disposition = :inProgress""";

    private static final String COLUMNS = """
            linked_id, customer_code, from_number, to_number, start_time, answer_time, end_time, disposition,
            direction, outside_number, trunk""";

    private final Jdbi jdbi;

    public JdbiCallRecordRepository(Jdbi jdbi) { this.jdbi = jdbi; }

    @Override public void save(List<CallRecord> records) {
        if (records.isEmpty()) return;
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch(UPSERT);
            for (CallRecord record : records) {
                batch.bind("linkedId", record.linkedId())
                        .bind("customerCode", record.customerCode())
                        .bind("from", record.fromNumber())
                        .bind("to", record.toNumber())
                        .bind("start", record.startTime().toEpochMilli())
                        .bind("disposition", record.disposition())
                        .bind("direction", record.direction() == null ? INTERNAL : record.direction())
                        .bind("outsideNumber", record.outsideNumber())
                        .bind("trunk", record.trunk())
                        .bind("inProgress", CallRecord.IN_PROGRESS);
                bindTime(batch, "answer", record.answerTime());
                bindTime(batch, "end", record.endTime());
                batch.add();
            }
            batch.execute();
        });
    }

    /** Epoch milliseconds, or a null of the same SQL type (a batch needs one type per argument across its rows). */
    private static void bindTime(PreparedBatch batch, String name, Instant time) {
        batch.bindByType(name, time == null ? null : time.toEpochMilli(), Long.class);
    }

    @Override public int closeInterrupted() {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE call_record SET disposition = :interrupted WHERE disposition = :inProgress")
                .bind("interrupted", CallRecord.INTERRUPTED)
                .bind("inProgress", CallRecord.IN_PROGRESS)
                .execute());
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

    @Override public CallHistoryQuery.Page history(CallHistoryQuery q) {
        StringBuilder sql = new StringBuilder("SELECT id, " + COLUMNS + " FROM call_record WHERE customer_code = :customerCode");
        if (q.from() != null) sql.append(" AND start_time >= :from");
        if (q.to() != null) sql.append(" AND start_time < :to");
        if (q.extension() != null) sql.append(" AND (from_number = :extension OR to_number = :extension)");
        if (q.direction() != null) sql.append(" AND direction = :direction");
        if (q.after() != null) {
            sql.append(" AND (start_time < :afterStart OR (start_time = :afterStart AND id < :afterId))");
        }
        sql.append(" ORDER BY start_time DESC, id DESC LIMIT :limit");
        record Row(long id, CallRecord record) {}
        List<Row> rows = jdbi.withHandle(h -> {
            var query = h.createQuery(sql.toString())
                    .bind("customerCode", q.customerCode())
                    .bind("limit", q.limit() + 1); // one more: whether a next page exists
            if (q.from() != null) query.bind("from", q.from().toEpochMilli());
            if (q.to() != null) query.bind("to", q.to().toEpochMilli());
            if (q.extension() != null) query.bind("extension", q.extension());
            if (q.direction() != null) query.bind("direction", q.direction());
            if (q.after() != null) query.bind("afterStart", q.after().startMillis()).bind("afterId", q.after().id());
            return query.map((rs, ctx) -> new Row(rs.getLong("id"), callRecord(rs, ctx))).list();
        });
        if (rows.size() <= q.limit()) return new CallHistoryQuery.Page(rows.stream().map(Row::record).toList(), null);
        List<Row> page = rows.subList(0, q.limit());
        Row last = page.getLast();
        return new CallHistoryQuery.Page(page.stream().map(Row::record).toList(),
                new CallHistoryQuery.Position(last.record().startTime().toEpochMilli(), last.id()));
    }

    private static CallRecord callRecord(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CallRecord(rs.getString("linked_id"), rs.getString("customer_code"), rs.getString("from_number"),
                rs.getString("to_number"), Instant.ofEpochMilli(rs.getLong("start_time")), time(rs, "answer_time"),
                time(rs, "end_time"), rs.getString("disposition"), rs.getString("direction"),
                rs.getString("outside_number"), rs.getString("trunk"));
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
