package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.LongStream;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.e2e.StrictSseParser.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that opens the stream and never reads cannot hold anyone up: once its queue (4 events here) overflows it
 * is cut off, while a healthy stream keeps receiving every event in order and publishing never waits.
 */
class SlowEventConsumerIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String BIG_NAME = "x".repeat(8_000); // ~25 KB per event fills socket buffers quickly
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(Map.of("DIALTONE_EVENTS_SUBSCRIBER_QUEUE_SIZE", "4")); }
    @AfterEach void stop() { sw.close(); }

    @Test
    void aStalledReaderIsDisconnectedWhileAHealthyOneKeepsReceivingInOrder() throws IOException {
        int port = sw.dialtone.httpPort();
        var metrics = sw.dialtone.metrics();
        try (var healthy = EventStreamClient.open(port, sw.token);
             Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(2048);
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /v1.0/events/sse/chan HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + EventStreamClient.basic(sw.token) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(T).until(() -> sw.dialtone.eventFanout().subscribers() == 2);

            long published = 0;
            long slowestPublishNanos = 0;
            while (metrics.counter("dialtone.events.slow_disconnects").count() == 0) {
                assertThat(published).as("stalled reader still connected after %d events", published).isLessThan(4_000);
                for (int i = 0; i < 2; i++) { // never more than the queue holds, so the healthy reader keeps up
                    long t0 = System.nanoTime();
                    sw.dialtone.events().publish(bigEvent());
                    slowestPublishNanos = Math.max(slowestPublishNanos, System.nanoTime() - t0);
                    published++;
                }
                long expected = published;
                await().atMost(T).until(() -> Long.toString(expected).equals(healthy.lastId()));
            }
            assertThat(Duration.ofNanos(slowestPublishNanos)).isLessThan(Duration.ofMillis(500));
            await().atMost(T).until(() -> sw.dialtone.eventFanout().subscribers() == 1);
            assertThat(metrics.counter("dialtone.events.dropped").count()).isGreaterThanOrEqualTo(1);
            assertThat(metrics.get("dialtone.events.subscribers").gauge().value()).isEqualTo(1.0);

            // the healthy stream goes on, in order and without holes
            for (int i = 0; i < 3; i++) sw.dialtone.events().publish(bigEvent());
            long total = published + 3;
            await().atMost(T).until(() -> Long.toString(total).equals(healthy.lastId()));
            assertThat(healthy.events()).extracting(Frame::id)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).mapToObj(Long::toString).toList());

            // and the stalled one's connection was closed by the server: reading it reaches the end
            stalled.setSoTimeout((int) T.toMillis());
            InputStream in = stalled.getInputStream();
            byte[] buf = new byte[64 * 1024];
            try {
                while (in.read(buf) >= 0) { /* drain what was sent before the cut */ }
            } catch (java.net.SocketException reset) {
                // a reset is a close too
            }
        }
    }

    private static ChannelEvent bigEvent() {
        PartyInfo p = new PartyInfo("up", "200", BIG_NAME, "200", null, null, null, null, null, null);
        return new ChannelEvent(EventType.BRIDGE, "1.000001", "1.000001", System.currentTimeMillis() / 1000.0,
                "internal", "1000001", p, p, p);
    }
}
