package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registrations are stored: a phone registered before a restart is rung after it without registering again. */
class RegistrationPersistenceIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(); }
    @AfterEach void stop() { sw.close(); }

    @Test
    void aPhoneRegisteredBeforeARestartIsRungAfterIt() {
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        int sipPort = sw.dialtone.sipPort();
        int httpPort = sw.dialtone.httpPort();

        sw.restart();

        assertThat(sw.dialtone.sipPort()).isEqualTo(sipPort);
        assertThat(sw.dialtone.httpPort()).isEqualTo(httpPort);
        assertThat(sw.dialtone.sip().registrations()).as("restored from storage").isEqualTo(1);
        BaresipPhone alice = sw.registeredPhone("200", 440);
        alice.dialAndConnect("201", bob, T);
        bob.awaitReceivedAudio(1.0, T);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        await().atMost(T).until(() -> sw.dialtone.calls().activeChannels() == 0
                && sw.dialtone.sip().openDialogs() == 0 && sw.dialtone.media().activeEndpoints() == 0);
    }
}
