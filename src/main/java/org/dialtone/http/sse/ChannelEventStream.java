package org.dialtone.http.sse;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.dialtone.core.event.EventBus.SequencedEvent;
import org.dialtone.events.EventFanout;
import org.dialtone.events.Subscription;
import org.dialtone.http.ApiAuthenticator;
import org.dialtone.http.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1.0/events/sse/chan}: the live channel events of the token's customer as Server-Sent Events.
 * <p>
 * A plain GET handler that writes the SSE framing itself to the servlet output stream, so the stream is
 * {@code text/event-stream} whatever the {@code Accept} header ({@code curl -N} works). Checks, in order, before any
 * byte of the stream: authentication (401, or 429 after too many unknown tokens from one address;
 * {@code Authorization} header, else the {@code access_token} query parameter for browsers), query and {@code Last-Event-ID} (400), streams per token (429). The
 * request's own virtual thread is the subscriber's writer: it replays missed events, then drains the subscription's
 * queue (flushing once per burst of queued events), writing a comment after {@code keepalive} of silence. Each
 * event is encoded once for all streams ({@link EventFrames}).
 */
public final class ChannelEventStream {
    public static final String PATH = "/v1.0/events/sse/chan";
    private static final Logger log = LoggerFactory.getLogger(ChannelEventStream.class);
    private static final int MAX_EVENTS_PER_FLUSH = 64;

    public record Settings(int maxStreamsPerToken, Duration keepalive, int retryMillis) {}

    private final ApiAuthenticator auth;
    private final EventFanout fanout;
    private final Settings settings;
    private final ConcurrentHashMap<String, Integer> streamsPerToken = new ConcurrentHashMap<>();
    private final EventFrames frames = new EventFrames(1024);

    public ChannelEventStream(ApiAuthenticator auth, EventFanout fanout, Settings settings) {
        this.auth = auth;
        this.fanout = fanout;
        this.settings = settings;
    }

    public void handle(Context ctx) {
        var admitted = ApiError.admit(ctx, authenticate(ctx), () -> { });
        if (admitted.isEmpty()) return;
        ApiAuthenticator.Principal principal = admitted.get();
        StreamRequest request;
        try {
            request = StreamRequest.parse(ctx.queryParamMap(), ctx.header("Last-Event-ID"));
        } catch (StreamRequest.Invalid e) {
            ApiError.invalidField(ctx, e.field, e.getMessage());
            return;
        }
        String tokenKey = principal.tokenHash();
        if (!acquire(tokenKey)) {
            int limit = settings.maxStreamsPerToken();
            ctx.header("Retry-After", "5");
            ctx.header("X-RateLimit-Limit", Integer.toString(limit));
            ctx.header("X-RateLimit-Remaining", "0");
            ApiError.send(ctx, 429, "rate_limited",
                    "Too many open event streams for this token (limit " + limit + ")", null);
            return;
        }
        try (Subscription sub = fanout.subscribe(principal.customerCode(), principal.tokenHash(), request.lastEventId(),
                request.filter())) {
            stream(ctx, sub);
        } finally {
            release(tokenKey);
        }
    }

    /**
     * The {@code Authorization} header when there is one (a wrong header is not rescued by a query token), else the
     * {@code access_token} query parameter, which a browser's EventSource can send (it cannot set headers).
     */
    private ApiAuthenticator.Outcome authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) return auth.authenticate(header, ctx.ip());
        return auth.authenticateToken(StreamRequest.accessToken(ctx.queryParamMap()), ctx.ip());
    }

    private void stream(Context ctx, Subscription sub) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        sub.onForcedClose(() -> JettyConnections.abort(ctx.req()));
        try {
            ServletOutputStream out = res.getOutputStream();
            out.write(SseFrames.retry(settings.retryMillis()));
            if (sub.gap() != null) out.write(SseFrames.gap(sub.gap(), sub.customerCode(), System.currentTimeMillis()));
            for (SequencedEvent e : sub.replay()) out.write(frames.frame(e));
            out.flush();
            while (true) {
                SequencedEvent e = sub.next(settings.keepalive());
                if (e != null) {
                    // what is already queued goes out with it, in one flush (a call's events come in bursts)
                    int batch = 0;
                    do {
                        out.write(frames.frame(e));
                    } while (++batch < MAX_EVENTS_PER_FLUSH && (e = sub.next(Duration.ZERO)) != null);
                    out.flush();
                } else if (sub.closeReason() != null) {
                    break;
                } else {
                    out.write(SseFrames.comment("keepalive"));
                    out.flush();
                }
            }
        } catch (IOException e) {
            log.debug("event stream of customer {} ended: {}", sub.customerCode(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean acquire(String tokenKey) {
        boolean[] granted = {false};
        streamsPerToken.compute(tokenKey, (k, open) -> {
            int n = open == null ? 0 : open;
            if (n >= settings.maxStreamsPerToken()) return open;
            granted[0] = true;
            return n + 1;
        });
        return granted[0];
    }

    private void release(String tokenKey) {
        streamsPerToken.computeIfPresent(tokenKey, (k, open) -> open <= 1 ? null : open - 1);
    }
}
