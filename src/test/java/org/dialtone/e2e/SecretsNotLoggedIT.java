package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Everything the switch logs, down to TRACE (SIP messages included), while phones register with their passwords,
 * call each other, a program uses the API with its token and a browser-like client opens the event stream with the
 * token in its URL ({@code access_token}): no password, token or HA1 may appear. The HTTP server's own loggers (Jetty,
 * Javalin) are captured too, at INFO (production runs them at WARN), since they are the ones that could print a URL.
 */
class SecretsNotLoggedIT {
    private static final Duration T = Duration.ofSeconds(10);
    private final Logger dialtoneLogger = (Logger) LoggerFactory.getLogger("org.dialtone");
    private final List<Logger> httpLoggers = List.of((Logger) LoggerFactory.getLogger("org.eclipse.jetty"),
            (Logger) LoggerFactory.getLogger("io.javalin"));
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level previous;
    private final List<Level> previousHttp = new java.util.ArrayList<>();
    private SwitchFixture sw;

    @BeforeEach
    void capture() {
        previous = dialtoneLogger.getLevel();
        dialtoneLogger.setLevel(Level.TRACE);
        dialtoneLogger.setAdditive(false); // keep the console quiet; everything still reaches the list
        captured.start();
        dialtoneLogger.addAppender(captured);
        for (Logger http : httpLoggers) {
            previousHttp.add(http.getLevel());
            http.setLevel(Level.INFO);
            http.addAppender(captured);
        }
    }

    @AfterEach
    void release() {
        if (sw != null) sw.close();
        dialtoneLogger.detachAppender(captured);
        dialtoneLogger.setLevel(previous);
        dialtoneLogger.setAdditive(true);
        for (int i = 0; i < httpLoggers.size(); i++) {
            httpLoggers.get(i).detachAppender(captured);
            httpLoggers.get(i).setLevel(previousHttp.get(i));
        }
    }

    @Test
    void noPasswordTokenOrHa1EverReachesTheLog() {
        sw = new SwitchFixture();
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone intruder = sw.phone(sw.spec("202", 700).password("wrong-secret-202"));
        alice.dial("201");
        bob.awaitEvent("CALL_ESTABLISHED", T);
        ActionClient api = new ActionClient(sw.dialtone.httpPort(), sw.token);
        assertThat(api.post("park", "{\"channel_id\":\"00000000-0000-4000-8000-000000000000\",\"parking_spot\":\"701\"}")
                .status()).isEqualTo(404);
        ActionClient wrong = new ActionClient(sw.dialtone.httpPort(), "not-a-real-token-0123456789abcdef");
        assertThat(wrong.post("park", "{}").status()).isEqualTo(401);
        int port = sw.dialtone.httpPort();
        try (var browser = EventStreamClient.open(port, null, "access_token=" + sw.token, Map.of())) {
            await().atMost(T).until(() -> !browser.retries().isEmpty());
            for (String query : List.of("access_token=" + sw.token + "&foo=1", "access_token=not-a-real-token-0123456789abcdef",
                    "access_token=" + sw.token + "&last_event_id=x")) {
                var refused = EventStreamClient.request(port, query, Map.of());
                assertThat(refused.statusCode()).as(query).isIn(400, 401);
                assertThat(String.join("\n", refused.body().toList())).doesNotContain(sw.token)
                        .doesNotContain("not-a-real-token");
            }
        }
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        intruder.close();

        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).as("the capture works").anyMatch(l -> l.contains("REGISTER"));
        List<String> secrets = List.of(SwitchFixture.password("200"), SwitchFixture.password("201"), "wrong-secret-202", sw.token,
                "not-a-real-token-0123456789abcdef", ApiToken.hash(sw.token),
                DigestCredentials.derive("200", "dialtone", SwitchFixture.password("200")).ha1Md5(),
                DigestCredentials.derive("200", "dialtone", SwitchFixture.password("200")).ha1Sha256(),
                DigestCredentials.derive("201", "dialtone", SwitchFixture.password("201")).ha1Md5());
        for (String secret : secrets) {
            assertThat(lines).as("log lines containing a secret").noneMatch(l -> l.contains(secret));
        }
    }
}
