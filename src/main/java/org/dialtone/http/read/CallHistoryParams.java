package org.dialtone.http.read;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dialtone.core.call.CallHistoryQuery;
import org.dialtone.http.action.ApiFailure;

/**
 * The query parameters of {@code GET /v1.0/calls}, checked in the documented order; the first bad one is
 * {@code 400 invalid_field} naming it. An empty value counts as absent (a form's blank field). Unknown parameters are
 * ignored.
 */
final class CallHistoryParams {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Set<String> DIRECTIONS = Set.of("internal", "inbound", "outbound");
    /** Epoch seconds: digits, optionally a fraction (up to milliseconds are kept). */
    private static final String EPOCH_SECONDS = "\\d{1,12}(\\.\\d{1,9})?";

    private CallHistoryParams() {}

    /** @param param the first value of a query parameter, or null */
    static CallHistoryQuery parse(String customerCode, Function<String, String> param) {
        Instant from = time("from", param.apply("from"));
        Instant to = time("to", param.apply("to"));
        if (from != null && to != null && !to.isAfter(from)) throw ApiFailure.invalidField("to", "must be after from");
        String extension = present(param.apply("extension"));
        if (extension != null && !extension.matches("\\d{1,20}")) {
            throw ApiFailure.invalidField("extension", "must be an extension number (1 to 20 digits)");
        }
        String direction = present(param.apply("direction"));
        if (direction != null && !DIRECTIONS.contains(direction)) {
            throw ApiFailure.invalidField("direction", "must be internal, inbound or outbound");
        }
        int limit = limit(present(param.apply("limit")));
        String cursor = present(param.apply("cursor"));
        return new CallHistoryQuery(customerCode, from, to, extension, direction, limit,
                cursor == null ? null : HistoryCursor.decode(cursor));
    }

    /** The parameters as one map of first values (what Javalin's query map holds, lists per name). */
    static Function<String, String> firstValues(Map<String, java.util.List<String>> query) {
        return name -> {
            var values = query.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        };
    }

    private static String present(String value) { return value == null || value.isEmpty() ? null : value; }

    /** An ISO-8601 instant ({@code 2026-12-01T10:00:00Z}, or with an offset) or epoch seconds. */
    static Instant time(String field, String value) {
        String v = present(value);
        if (v == null) return null;
        try {
            if (v.matches(EPOCH_SECONDS)) {
                return Instant.ofEpochMilli(new BigDecimal(v).movePointRight(3).longValue());
            }
            if (v.length() <= 40) return Instant.parse(v);
        } catch (DateTimeException | ArithmeticException e) {
            // below
        }
        throw ApiFailure.invalidField(field, "must be an ISO-8601 instant such as 2026-12-01T10:00:00Z,"
                + " or epoch seconds");
    }

    private static int limit(String value) {
        if (value == null) return DEFAULT_LIMIT;
        if (value.matches("\\d{1,4}")) {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        }
        throw ApiFailure.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
