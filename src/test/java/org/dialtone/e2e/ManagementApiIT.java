package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.PhoneSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An operator runs the switch without editing YAML: with an admin token it adds an extension and a customer token,
 * a real phone registers with the new credentials and the new token originates a call to it; revoking the token
 * refuses its next request and closes its event stream; a password reset and a deletion drop the registration and
 * the old credentials stop working; what the YAML declares is 409; the audit log shows it all, without a secret.
 */
class ManagementApiIT {
    private static final Duration T = Duration.ofSeconds(10);
    static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";
    private final SwitchFixture sw = SwitchFixture.with(new SwitchFixture.Extras(Map.of(), "",
            "admin_tokens:\n  - {label: ops, token: " + ADMIN_TOKEN + "}", "", Map.of()));
    private final AdminClient admin = AdminClient.bearer(sw.httpPort, ADMIN_TOKEN);

    @AfterEach void stop() { sw.close(); }

    @Test
    void anExtensionAndATokenAddedAndRevokedWithoutARestart() {
        // an extension with a generated password, and a customer token, both shown once
        var ext = admin.post("/customers/1000001/extensions", "{\"number\":\"240\",\"name\":\"Dana\"}");
        assertThat(ext.status()).as(ext.toString()).isEqualTo(201);
        assertThat(ext.data().path("managed_by").asString()).isEqualTo("api");
        String user = ext.data().path("sip_username").asString();
        String password = ext.data().path("sip_password").asString();
        assertThat(user).isEqualTo("1000001-240");
        assertThat(password).hasSize(12);
        assertThat(admin.get("/customers/1000001/extensions/240").text()).doesNotContain(password);
        var created = admin.post("/customers/1000001/tokens", "{\"label\":\"crm\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.data().path("token").asString();
        String tokenId = created.data().path("id").asString();
        assertThat(admin.get("/customers/1000001/tokens").text()).contains(tokenId).doesNotContain(token);

        // a real phone registers with the new credentials at once; the new token originates a call to it
        BaresipPhone dana = sw.registeredPhone(PhoneSpec.builder(user).password(password).tone(700)
                .registrar("127.0.0.1", sw.sipPort));
        assertThat(sw.dialtone.sip().registrationsOf(user)).isEqualTo(1);
        BaresipPhone bob = sw.registeredPhone("201", 1200);
        var call = new ActionClient(sw.httpPort, token)
                .post("originate", "{\"number\":\"201\",\"extension_number\":\"240\",\"sync\":true}");
        assertThat(call.status()).as(call.toString()).isEqualTo(200);
        dana.awaitEvent("CALL_ESTABLISHED", T);
        bob.awaitEvent("CALL_ESTABLISHED", T);
        bob.awaitReceivedAudio(1.0, T);
        dana.hangup();
        sw.awaitNoLeak();

        // revoking the token: its open stream closes and its next request is 401
        try (EventStreamClient stream = EventStreamClient.open(sw.httpPort, token)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            await("subscribed").atMost(T).until(() -> sw.dialtone.eventFanout().subscribers() == 1);
            assertThat(admin.delete("/customers/1000001/tokens/" + tokenId).status()).isEqualTo(204);
            await("the revoked token's stream ended").atMost(T).until(stream::ended);
        }
        assertThat(new ActionClient(sw.httpPort, token).post("park", "{}").status()).isEqualTo(401);

        // a password reset: the registration is dropped, the old password refused, the new one works
        var reset = admin.post("/customers/1000001/extensions/240/password", "{\"password\":\"new-password-240\"}");
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(sw.dialtone.sip().registrationsOf(user)).isZero();
        assertThat(register(user, password)).isEqualTo(401);
        assertThat(register(user, "new-password-240")).isEqualTo(200);

        // deleting it: its registration is gone and it cannot register again
        assertThat(admin.delete("/customers/1000001/extensions/240").status()).isEqualTo(204);
        assertThat(sw.dialtone.sip().registrationsOf(user)).isZero();
        assertThat(register(user, "new-password-240")).isEqualTo(401);
        assertThat(admin.get("/customers/1000001/extensions/240").status()).isEqualTo(404);

        // the audit log: who, what, newest first, no secret
        var audit = admin.get("/audit?limit=10");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.data().valueStream().map(e -> e.path("actor").asString() + " " + e.path("action").asString()))
                .containsExactly("ops extension.delete", "ops extension.reset_password", "ops token.revoke",
                        "ops token.create", "ops extension.create");
        assertThat(audit.text()).doesNotContain(password, "new-password-240", token);
    }

    @Test
    void whatTheYamlDeclaresIs409AndEachTokenOnlyOpensItsOwnApi() {
        var renamed = admin.patch("/customers/1000001", "{\"name\":\"Renamed\"}");
        assertThat(renamed.status()).isEqualTo(409);
        assertThat(renamed.error()).isEqualTo("managed_by_config");
        assertThat(renamed.body().path("msg").asString()).contains("YAML");
        assertThat(admin.delete("/customers/1000001/extensions/200").error()).isEqualTo("managed_by_config");
        JsonNode configToken = admin.get("/customers/1000001/tokens").data().get(0);
        assertThat(configToken.path("managed_by").asString()).isEqualTo("config");
        assertThat(admin.delete("/customers/1000001/tokens/" + configToken.path("id").asString()).status()).isEqualTo(409);
        assertThat(new ActionClient(sw.httpPort, sw.token).post("park", "{}").status()).as("the config token still works")
                .isNotEqualTo(401);

        // tokens: a customer's is 401 on the admin API (Bearer and Basic), an admin token 401 on the customer API
        assertThat(AdminClient.bearer(sw.httpPort, sw.token).get("/customers").status()).isEqualTo(401);
        assertThat(new AdminClient(sw.httpPort, EventStreamClient.basic(sw.token))
                .get("/customers").status()).isEqualTo(401);
        assertThat(new AdminClient(sw.httpPort, "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("admin:" + ADMIN_TOKEN).getBytes())).get("/customers").status()).isEqualTo(200);
        assertThat(new ActionClient(sw.httpPort, ADMIN_TOKEN).post("park", "{}").status()).isEqualTo(401);

        // another customer's extension is not found; bad input is the error envelope naming the field
        assertThat(admin.get("/customers/2000002/extensions/201").status()).isEqualTo(404);
        var bad = admin.post("/customers/1000001/extensions", "{\"number\":\"241\",\"password\":\"short\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("field").asString()).isEqualTo("password");
        assertThat(admin.send("POST", "/customers/1000001/extensions", "not json").error()).isEqualTo("invalid_json");

        // what the API creates survives a restart, still owned by the API
        assertThat(admin.post("/customers", "{\"code\":\"3000003\",\"name\":\"Three\"}").status()).isEqualTo(201);
        sw.restart();
        var three = admin.get("/customers/3000003");
        assertThat(three.status()).isEqualTo(200);
        assertThat(three.data().path("managed_by").asString()).isEqualTo("api");
        assertThat(admin.get("/customers/1000001").data().path("managed_by").asString()).isEqualTo("config");
    }

    /** The status of a REGISTER with these credentials. */
    private int register(String user, String password) {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            return ua.callWithAuth(ua.register(user).header("Expires", "300"), user, password).status();
        }
    }
}
