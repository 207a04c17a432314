package org.dialtone.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.Extension;
import org.junit.jupiter.api.Test;

class ApiAuthenticatorTest {
    private static final String TOKEN = "a-very-secret-token-0123456789";
    private final AtomicInteger lookups = new AtomicInteger();
    private final ApiAuthenticator auth = new ApiAuthenticator(new TokensOnly());

    @Test void basicWithUserTokenAndBearerAreAccepted() {
        var expected = Optional.of(new ApiAuthenticator.Principal("1000001", ApiToken.hash(TOKEN)));
        assertThat(auth.authenticate(basic("token:" + TOKEN))).isEqualTo(expected);
        assertThat(auth.authenticate("Bearer " + TOKEN)).isEqualTo(expected);
        assertThat(auth.authenticate("bearer   " + TOKEN + " ")).isEqualTo(expected);
    }

    @Test void anythingElseIsRejected() {
        for (String header : List.of("", "Bearer", "Bearer ", basic("admin:" + TOKEN), basic(TOKEN), "Basic %%%",
                "Digest " + TOKEN, basic("token:wrong-token-0123456789"), "Bearer " + "x".repeat(2000))) {
            assertThat(auth.authenticate(header)).as(header).isEmpty();
        }
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test void resultsAreCachedSoRepeatedRequestsDoNotHitTheDatabase() {
        for (int i = 0; i < 5; i++) {
            auth.authenticate("Bearer " + TOKEN);
            auth.authenticate("Bearer unknown-token-0123456789");
        }
        assertThat(lookups).hasValue(2);
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private final class TokensOnly implements CustomerRepository {
        @Override public Optional<ApiToken> findTokenByHash(String hash) {
            lookups.incrementAndGet();
            return hash.equals(ApiToken.hash(TOKEN)) ? Optional.of(new ApiToken("1000001", hash, "t")) : Optional.empty();
        }
        @Override public void upsertCustomer(Customer customer) { throw new UnsupportedOperationException(); }
        @Override public Optional<Customer> findCustomer(String code) { throw new UnsupportedOperationException(); }
        @Override public List<Customer> customers() { throw new UnsupportedOperationException(); }
        @Override public void upsertExtension(Extension extension) { throw new UnsupportedOperationException(); }
        @Override public Optional<Extension> findExtension(String c, String n) { throw new UnsupportedOperationException(); }
        @Override public Optional<Extension> findExtensionBySipUsername(String u) { throw new UnsupportedOperationException(); }
        @Override public List<Extension> extensions(String c) { throw new UnsupportedOperationException(); }
        @Override public void upsertToken(ApiToken token) { throw new UnsupportedOperationException(); }
    }
}
