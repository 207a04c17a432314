package org.dialtone.http.read;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dialtone.core.call.CallHistoryQuery;
import org.dialtone.core.call.CallRecordRepository;
import org.dialtone.core.call.LiveCalls;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.customer.Directory;
import org.dialtone.http.ApiAuthenticator;
import org.dialtone.http.ApiError;
import org.dialtone.http.action.ApiFailure;
import org.dialtone.http.action.TokenRateLimiter;

/**
 * The read endpoints: live channels, parking spots, extensions with their status, and the call history (JSON, or CSV
 * for {@code Accept: text/csv}). Authenticated as the actions are ({@code 401}; {@code 429} for an address that sent
 * too many unknown tokens), then a per-token rate limit of the actions' size, a bucket of its own so that a console
 * refreshing its view cannot starve its own actions ({@code 429}, {@code X-RateLimit-*} headers). Every answer is the
 * token's customer's only: another customer's channel or extension is {@code 404}, as an unknown one. The live state
 * comes from the core's {@link LiveCalls}; this class only maps it to JSON.
 */
public final class ReadRoutes implements Consumer<RoutesConfig> {
    public static final String CHANNELS = "/v1.0/channels";
    public static final String PARKING = "/v1.0/parking";
    public static final String EXTENSIONS = "/v1.0/extensions";
    public static final String CALLS = "/v1.0/calls";
    /** Every path, for CORS. */
    public static final List<String> PATHS = List.of(CHANNELS, CHANNELS + "/{channel_id}", PARKING, EXTENSIONS,
            EXTENSIONS + "/{number}", CALLS);
    public static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";

    /** One read for the token's customer: the JSON body, or null when it wrote the response itself. */
    @FunctionalInterface
    private interface Read {
        Object answer(Context ctx, String customerCode);
    }

    private final LiveCalls live;
    private final CallRecordRepository records;
    private final Directory directory;
    private final ApiAuthenticator auth;
    private final TokenRateLimiter limiter;

    public ReadRoutes(LiveCalls live, CallRecordRepository records, Directory directory, ApiAuthenticator auth,
                      int rateLimitPerSecond, int rateLimitBurst) {
        this.live = live;
        this.records = records;
        this.directory = directory;
        this.auth = auth;
        this.limiter = new TokenRateLimiter(rateLimitPerSecond, rateLimitBurst);
    }

    @Override
    public void accept(RoutesConfig routes) {
        routes.get(CHANNELS, ctx -> handle(ctx, this::channels));
        routes.get(CHANNELS + "/{channel_id}", ctx -> handle(ctx, (c, customer) -> LiveJson.channel(
                live.channel(customer, c.pathParam("channel_id")).orElseThrow(() -> notFound("channel_id",
                        "No channel " + c.pathParam("channel_id"))))));
        routes.get(PARKING, ctx -> handle(ctx, (c, customer) ->
                Map.of("spots", live.parking(customer).stream().map(LiveJson::spot).toList())));
        routes.get(EXTENSIONS, ctx -> handle(ctx, (c, customer) ->
                Map.of("extensions", live.extensions(customer).stream().map(LiveJson::extension).toList())));
        routes.get(EXTENSIONS + "/{number}", ctx -> handle(ctx, (c, customer) -> LiveJson.extension(
                live.extension(customer, c.pathParam("number")).orElseThrow(() -> notFound("number",
                        "No extension " + c.pathParam("number"))))));
        routes.get(CALLS, ctx -> handle(ctx, this::calls));
    }

    private Object channels(Context ctx, String customerCode) {
        String extension = ctx.queryParam("extension");
        if (extension != null && !extension.isEmpty() && !extension.matches("\\d{1,20}")) {
            throw ApiFailure.invalidField("extension", "must be an extension number (1 to 20 digits)");
        }
        var channels = live.channels(customerCode).stream()
                .filter(c -> extension == null || extension.isEmpty() || c.involves(extension))
                .map(LiveJson::channel).toList();
        return Map.of("channels", channels);
    }

    private Object calls(Context ctx, String customerCode) {
        CallHistoryQuery query = CallHistoryParams.parse(customerCode,
                CallHistoryParams.firstValues(ctx.queryParamMap()));
        CallHistoryQuery.Page page = records.history(query);
        var rows = page.records().stream().map(r -> CallRows.row(r, directory)).toList();
        String next = page.next() == null ? null : HistoryCursor.encode(page.next());
        if (next != null) ctx.header(NEXT_CURSOR_HEADER, next);
        if (wantsCsv(ctx.header("Accept"))) {
            ctx.header("Content-Disposition", "attachment; filename=\"calls.csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(Csv.write(CallRows.COLUMNS, rows));
            return null;
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("calls", rows);
        body.put("next_cursor", next);
        return body;
    }

    /** Whether the client asked for CSV ({@code text/csv} among its accepted types). */
    static boolean wantsCsv(String accept) {
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    private void handle(Context ctx, Read read) {
        var admitted = ApiError.admit(ctx, auth.authenticate(ctx.header("Authorization"), ctx.ip()), () -> { });
        if (admitted.isEmpty()) return;
        ApiAuthenticator.Principal principal = admitted.get();
        TokenRateLimiter.Decision limit = limiter.tryAcquire(principal.tokenHash());
        limit.addHeaders(ctx);
        if (!limit.allowed()) {
            fail(ctx, new ApiFailure(429, "rate_limited",
                    "Too many requests for this token; retry after " + limit.retryAfterSeconds() + " s", null,
                    limit.retryAfterSeconds()));
            return;
        }
        try {
            Object body = read.answer(ctx, principal.customerCode());
            if (body != null) ctx.status(200).json(body);
        } catch (ApiFailure failure) {
            fail(ctx, failure);
        } catch (CallControlException e) {
            fail(ctx, ApiFailure.of(e));
        }
    }

    private static void fail(Context ctx, ApiFailure failure) {
        if (failure.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(failure.retryAfterSeconds()));
        ApiError.send(ctx, failure.status(), failure.error(), failure.getMessage(), failure.field());
    }

    private static ApiFailure notFound(String field, String msg) {
        return new ApiFailure(404, "not_found", msg, field);
    }
}
