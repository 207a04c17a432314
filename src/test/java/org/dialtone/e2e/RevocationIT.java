package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.store.Database;
import org.dialtone.store.JdbiCustomerRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The configuration is the truth: a token, an extension or a customer taken out of it stops working at the restart
 * that applies it, and the event streams of a revoked token are closed.
 */
class RevocationIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String FRESH_TOKEN = "fresh-token-customer-one-0123456789";
    private final SwitchFixture sw = new SwitchFixture();

    @AfterEach void stop() { sw.close(); }

    @Test
    void removedTokenExtensionAndCustomerStopWorkingAtTheRestartThatAppliesTheConfiguration() {
        // before: 202 registers, customer 2000002 has a call on record, and both tokens open streams
        try (RawSip phone202 = new RawSip(sw.dialtone.sipPort())) {
            assertThat(register(phone202, "202").status()).isEqualTo(200);
        }
        try (RawSip c2 = new RawSip(sw.dialtone.sipPort())) {
            var invite = RegistrarIT.invite(c2, "c2-200", "210");
            assertThat(c2.callWithAuth(invite, "c2-200", SwitchFixture.password("c2-200")).status()).isEqualTo(480);
        }
        await("customer 2000002's call record").atMost(T).pollInterval(Duration.ofMillis(50))
                .until(() -> !sw.dialtone.callRecords().recent("2000002", 10).isEmpty());
        await("the registration is stored").atMost(T).until(() -> sw.dialtone.sip().registrations() == 1);
        EventStreamClient oldTokenStream = EventStreamClient.open(sw.dialtone.httpPort(), sw.token);
        EventStreamClient removedCustomerStream = EventStreamClient.open(sw.dialtone.httpPort(), sw.token2);

        sw.rewriteConfig(yaml -> yaml.substring(0, yaml.indexOf("  - code: \"2000002\""))
                .replaceAll("(?m)^ +- \\{number: \"202\".*\\n", "")
                .replace("{token: " + sw.token + ", label: test}", "{token: " + FRESH_TOKEN + ", label: fresh}"));
        sw.restart();

        // the token: refused for actions and streams, and its stream from before the restart is gone
        await("the old stream ended").atMost(T).until(oldTokenStream::ended);
        assertThat(new ActionClient(sw.dialtone.httpPort(), sw.token).post("park", "{}").status()).isEqualTo(401);
        assertThat(EventStreamClient.request(sw.dialtone.httpPort(), null,
                Map.of("Authorization", EventStreamClient.basic(sw.token))).statusCode()).isEqualTo(401);
        try (EventStreamClient fresh = EventStreamClient.open(sw.dialtone.httpPort(), FRESH_TOKEN)) {
            assertThat(fresh.response.statusCode()).isEqualTo(200);
        }

        // the extension: its phone cannot register again, and its registration from before is dropped
        assertThat(sw.dialtone.sip().registrations()).isZero();
        try (RawSip phone202 = new RawSip(sw.dialtone.sipPort())) {
            assertThat(register(phone202, "202").status()).isEqualTo(401);
        }
        try (RawSip phone201 = new RawSip(sw.dialtone.sipPort())) {
            assertThat(register(phone201, "201").status()).as("a kept extension").isEqualTo(200);
        }

        // the customer with a call record: disabled, not deleted; its token and its phones refused, its history kept
        await("the removed customer's stream ended").atMost(T).until(removedCustomerStream::ended);
        assertThat(new ActionClient(sw.dialtone.httpPort(), sw.token2).post("park", "{}").status()).isEqualTo(401);
        try (RawSip c2 = new RawSip(sw.dialtone.sipPort())) {
            assertThat(register(c2, "c2-200").status()).isEqualTo(401);
            var invite = RegistrarIT.invite(c2, "c2-200", "210");
            assertThat(c2.callWithAuth(invite, "c2-200", SwitchFixture.password("c2-200")).status()).isEqualTo(407);
        }
        assertThat(sw.dialtone.callRecords().recent("2000002", 10)).hasSize(1);
        try (Database db = Database.open(Database.sqliteUrl(sw.dir.resolve("data")), null, null)) {
            var customers = new JdbiCustomerRepository(db.jdbi());
            assertThat(customers.disabledCustomers()).containsExactly("2000002");
            assertThat(customers.findTokenByHash(ApiToken.hash(sw.token2))).isEmpty();
        }
        oldTokenStream.close();
        removedCustomerStream.close();
    }

    @Test
    void closingATokensStreamsEndsThemOnTheWireAndLeavesTheOthersOpen() {
        try (EventStreamClient revoked = EventStreamClient.open(sw.dialtone.httpPort(), sw.token);
             EventStreamClient kept = EventStreamClient.open(sw.dialtone.httpPort(), sw.token2)) {
            await("both streams subscribed").atMost(T).until(() -> sw.dialtone.eventFanout().subscribers() == 2);

            assertThat(sw.dialtone.eventFanout().closeStreamsOfToken(ApiToken.hash(sw.token))).isEqualTo(1);

            await("the revoked stream ended").atMost(T).until(revoked::ended);
            assertThat(kept.ended()).isFalse();
            assertThat(sw.dialtone.eventFanout().subscribers()).isEqualTo(1);
        }
    }

    private static RawSip.Msg register(RawSip ua, String user) {
        return ua.callWithAuth(ua.register(user).header("Expires", "300"), user, SwitchFixture.password(user));
    }
}
