package org.dialtone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dialtone.core.call.CallHistoryQuery;
import org.dialtone.core.call.CallHistoryQuery.Position;
import org.dialtone.core.call.CallRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Call history paging and filters, the same on every supported database; subclasses open a fresh, empty one. */
abstract class CallHistoryContractTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    protected Database db;
    private JdbiCallRecordRepository calls;

    protected abstract Database openEmptyDatabase() throws Exception;

    @BeforeEach void open() throws Exception {
        db = openEmptyDatabase();
        calls = new JdbiCallRecordRepository(db.jdbi());
    }

    @AfterEach void close() { if (db != null) db.close(); }

    @Test void pagesWalkEveryCallOnceNewestFirstWhileNewCallsAreStored() {
        // L3 and L4 start in the same millisecond: storage order breaks the tie (the later stored comes first)
        save(call("L1", "1000001", "200", "201", 0), call("L2", "1000001", "201", "200", 10),
                call("L3", "1000001", "200", "226", 20), call("L4", "1000001", "226", "200", 20),
                call("L5", "1000001", "200", "201", 30), call("L6", "1000001", "202", "201", 40),
                call("L7", "1000001", "200", "202", 50), call("X1", "2000002", "200", "201", 45));

        List<String> seen = new ArrayList<>();
        CallHistoryQuery.Page page = calls.history(query(null, null, null, null, 3, null));
        seen.addAll(ids(page));
        // calls stored while the client pages: newer ones and an in-progress one turning answered change nothing
        save(call("L8", "1000001", "200", "201", 60), call("L9", "1000001", "201", "200", 70));
        int pages = 1;
        while (page.next() != null) {
            page = calls.history(query(null, null, null, null, 3, page.next()));
            seen.addAll(ids(page));
            pages++;
        }
        assertThat(seen).containsExactly("L7", "L6", "L5", "L4", "L3", "L2", "L1");
        assertThat(pages).isEqualTo(3);
        assertThat(ids(calls.history(query(null, null, null, null, 50, null))).getFirst()).isEqualTo("L9");
    }

    @Test void theLastPageHasNoNextPosition() {
        save(call("L1", "1000001", "200", "201", 0), call("L2", "1000001", "201", "200", 10));
        CallHistoryQuery.Page exact = calls.history(query(null, null, null, null, 2, null));
        assertThat(ids(exact)).containsExactly("L2", "L1");
        assertThat(exact.next()).isNull();
        CallHistoryQuery.Page first = calls.history(query(null, null, null, null, 1, null));
        assertThat(first.next()).isNotNull();
        assertThat(first.next().startMillis()).isEqualTo(T0.plusSeconds(10).toEpochMilli());
        assertThat(calls.history(query(null, null, null, null, 5, null)).records()).hasSize(2);
        assertThat(calls.history(new CallHistoryQuery("3000003", null, null, null, null, 5, null)).records()).isEmpty();
    }

    @Test void filtersByTimeExtensionAndDirectionAndNeverShowAnotherCustomersCalls() {
        save(call("L1", "1000001", "200", "201", 0), call("L2", "1000001", "201", "226", 10),
                new CallRecord("L3", "1000001", "+14155550000", "226", T0.plusSeconds(20), null, T0.plusSeconds(25),
                        "no answer", "inbound", "+14155550000", "carrier1"),
                call("L4", "1000001", "226", "200", 30), call("X1", "2000002", "226", "200", 15));

        assertThat(ids(calls.history(query(T0.plusSeconds(10), T0.plusSeconds(30), null, null, 50, null))))
                .as("from inclusive, to exclusive").containsExactly("L3", "L2");
        assertThat(ids(calls.history(query(null, null, "226", null, 50, null))))
                .as("as caller or callee").containsExactly("L4", "L3", "L2");
        assertThat(ids(calls.history(query(null, null, null, "inbound", 50, null)))).containsExactly("L3");
        assertThat(ids(calls.history(query(null, null, "226", "internal", 1, null)))).containsExactly("L4");
        CallRecord inbound = calls.history(query(null, null, null, "inbound", 50, null)).records().getFirst();
        assertThat(inbound).isEqualTo(new CallRecord("L3", "1000001", "+14155550000", "226", T0.plusSeconds(20), null,
                T0.plusSeconds(25), "no answer", "inbound", "+14155550000", "carrier1"));
    }

    @Test void aPositionFromAnotherFilterStillPagesFromThere() {
        save(call("L1", "1000001", "200", "201", 0), call("L2", "1000001", "201", "200", 10),
                call("L3", "1000001", "200", "201", 20));
        Position afterL3 = calls.history(query(null, null, null, null, 1, null)).next();
        assertThat(ids(calls.history(query(null, null, "200", null, 5, afterL3)))).containsExactly("L2", "L1");
        assertThat(ids(calls.history(query(null, null, null, null, 5, new Position(T0.plusSeconds(10).toEpochMilli(),
                Long.MAX_VALUE))))).as("a position between stored calls").containsExactly("L2", "L1");
    }

    private void save(CallRecord... records) {
        for (CallRecord r : records) calls.save(List.of(r)); // one by one: storage order is the ids' order
    }

    private static CallRecord call(String id, String customer, String from, String to, int startSecond) {
        Instant start = T0.plusSeconds(startSecond);
        return new CallRecord(id, customer, from, to, start, start.plusSeconds(2), start.plusSeconds(5), "answered",
                "internal", null, null);
    }

    private static CallHistoryQuery query(Instant from, Instant to, String extension, String direction, int limit,
                                          Position after) {
        return new CallHistoryQuery("1000001", from, to, extension, direction, limit, after);
    }

    private static List<String> ids(CallHistoryQuery.Page page) {
        return page.records().stream().map(CallRecord::linkedId).toList();
    }
}
