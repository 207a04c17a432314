package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A thousand connections that never finish a request, or never read, must not starve real clients: the event
 * stream keeps delivering and the health check keeps answering.
 */
class IdleConnectionsIT {
    private static final Duration T = Duration.ofSeconds(15);
    private static final int IDLE = 1000;
    private SwitchFixture sw;
    private final List<Socket> idle = new ArrayList<>();

    @BeforeEach void start() { sw = new SwitchFixture(); }

    @AfterEach
    void stop() {
        for (Socket s : idle) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        sw.close();
    }

    @Test
    void aThousandIdleConnectionsDoNotStopTheStreamOrTheHealthCheck() throws Exception {
        int port = sw.dialtone.httpPort();
        for (int i = 0; i < IDLE; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = s.getOutputStream();
            if (i % 2 == 0) { // half stop in the middle of the request head, half never send a byte
                out.write("GET /v1.0/events/sse/chan HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            idle.add(s);
        }

        try (var stream = EventStreamClient.open(port, sw.token)) {
            await().atMost(T).until(() -> !stream.retries().isEmpty()); // connected and framed
            sw.dialtone.events().publish(new ChannelEvent(EventType.HANGUP, "1.000001", "1.000001",
                    System.currentTimeMillis() / 1000.0, "internal", "1000001", party("200"), party("201"), party("200")));
            await().atMost(T).until(() -> stream.events().size() == 1);
            assertThat(stream.events().get(0).event()).isEqualTo("chan.hangup");
        }
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(T).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private static PartyInfo party(String number) {
        return new PartyInfo("up", number, "N" + number, number, null, null, null, null, null, null);
    }
}
