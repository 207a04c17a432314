package org.dialtone.http.read;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;
import org.dialtone.http.PartyJson;

/**
 * One call of the history as the API shows it, the same columns in JSON and CSV. Names of internal numbers are the
 * extensions' names now (a call record keeps numbers only). Times are epoch seconds; durations whole seconds, null
 * while the call has no end (in progress, or interrupted by a crash).
 */
final class CallRows {
    static final List<String> COLUMNS = List.of("unique_id", "linked_id", "customer_code", "direction",
            "caller_number", "caller_name", "callee_number", "callee_name", "start_time", "answer_time", "end_time",
            "duration", "talk_duration", "status", "disposition", "outside_number", "trunk");

    private CallRows() {}

    static Map<String, Object> row(CallRecord r, Directory directory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unique_id", r.linkedId()); // the call's first channel's unique id is its linked id
        m.put("linked_id", r.linkedId());
        m.put("customer_code", r.customerCode());
        m.put("direction", r.direction());
        m.put("caller_number", r.fromNumber());
        m.put("caller_name", name(directory, r.customerCode(), r.fromNumber()));
        m.put("callee_number", r.toNumber().isEmpty() ? null : r.toNumber());
        m.put("callee_name", name(directory, r.customerCode(), r.toNumber()));
        m.put("start_time", PartyJson.seconds(r.startTime()));
        m.put("answer_time", PartyJson.seconds(r.answerTime()));
        m.put("end_time", PartyJson.seconds(r.endTime()));
        m.put("duration", seconds(r.startTime(), r.endTime()));
        m.put("talk_duration", r.answerTime() == null ? (r.endTime() == null ? null : 0L)
                : seconds(r.answerTime(), r.endTime()));
        m.put("status", r.disposition());
        m.put("disposition", r.disposition());
        m.put("outside_number", r.outsideNumber());
        m.put("trunk", r.trunk());
        return m;
    }

    private static String name(Directory directory, String customerCode, String number) {
        if (number == null || number.isEmpty()) return null;
        return directory.extension(customerCode, number).map(Extension::displayName).orElse(null);
    }

    private static Long seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Math.round(Duration.between(from, to).toMillis() / 1000.0);
    }
}
