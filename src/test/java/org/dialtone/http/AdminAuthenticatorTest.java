package org.dialtone.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dialtone.core.customer.ApiToken;
import org.junit.jupiter.api.Test;

/** Admin tokens: Bearer or Basic {@code admin:}, hashed, labelled; unknown ones throttled per address. */
class AdminAuthenticatorTest {
    private static final String OPS = "ops-admin-token-0123456789";
    private final AtomicLong nanos = new AtomicLong();
    private final AdminAuthenticator auth = new AdminAuthenticator(
            List.of(new AdminAuthenticator.AdminToken("ops", ApiToken.hash(OPS).toUpperCase()),
                    new AdminAuthenticator.AdminToken("ci", ApiToken.hash("ci-admin-token-0123456789"))),
            new UnknownTokenLimiter(3, 100, nanos::get));

    @Test void bearerAndBasicAdminNameTheTokensLabel() {
        assertThat(auth.authenticate("Bearer " + OPS, "192.0.2.1")).isEqualTo(new AdminAuthenticator.Admin("ops", ApiToken.hash(OPS)));
        assertThat(auth.authenticate(basic("admin", "ci-admin-token-0123456789"), "192.0.2.1"))
                .isEqualTo(new AdminAuthenticator.Admin("ci", ApiToken.hash("ci-admin-token-0123456789")));
    }

    @Test void theCustomerApisBasicUserNameIsNotAccepted() {
        assertThat(auth.authenticate(basic("token", OPS), "192.0.2.1")).isInstanceOf(AdminAuthenticator.Unauthenticated.class);
        assertThat(auth.authenticate(null, "192.0.2.1")).isInstanceOf(AdminAuthenticator.Unauthenticated.class);
        assertThat(auth.authenticate("Bearer " + "x".repeat(2000), "192.0.2.1"))
                .isInstanceOf(AdminAuthenticator.Unauthenticated.class);
    }

    @Test void unknownTokensAreThrottledPerAddressButAKnownTokenStillWorks() {
        for (int i = 0; i < 3; i++) {
            assertThat(auth.authenticate("Bearer guess-" + i, "192.0.2.1")).isInstanceOf(AdminAuthenticator.Unauthenticated.class);
        }
        assertThat(auth.authenticate("Bearer guess-4", "192.0.2.1")).isInstanceOf(AdminAuthenticator.Throttled.class);
        assertThat(auth.authenticate("Bearer guess-4", "192.0.2.2")).isInstanceOf(AdminAuthenticator.Unauthenticated.class);
        assertThat(auth.authenticate("Bearer " + OPS, "192.0.2.1")).isEqualTo(new AdminAuthenticator.Admin("ops", ApiToken.hash(OPS)));
        nanos.addAndGet(60_000_000_000L);
        assertThat(auth.authenticate("Bearer guess-5", "192.0.2.1")).isInstanceOf(AdminAuthenticator.Unauthenticated.class);
    }

    private static String basic(String user, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }
}
