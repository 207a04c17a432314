package org.dialtone.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.Extension;
import org.dialtone.http.ApiAuthenticator.Authenticated;
import org.dialtone.http.ApiAuthenticator.Principal;
import org.dialtone.http.ApiAuthenticator.Throttled;
import org.dialtone.http.ApiAuthenticator.Unauthenticated;
import org.junit.jupiter.api.Test;

class ApiAuthenticatorTest {
    private static final String TOKEN = "a-very-secret-token-0123456789";
    private static final String OTHER = "another-secret-token-987654321";
    private static final String HOME = "192.0.2.10";
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final Map<String, ApiToken> stored = new ConcurrentHashMap<>(Map.of(
            ApiToken.hash(TOKEN), new ApiToken("1000001", ApiToken.hash(TOKEN), "t"),
            ApiToken.hash(OTHER), new ApiToken("2000002", ApiToken.hash(OTHER), "o")));
    private final ApiAuthenticator auth = new ApiAuthenticator(new TokensOnly(), new TestClock(),
            new UnknownTokenLimiter(5, 1000, () -> millis.get() * 1_000_000));

    @Test void basicWithUserTokenAndBearerAreAccepted() {
        var expected = new Authenticated(new Principal("1000001", ApiToken.hash(TOKEN)));
        assertThat(auth.authenticate(basic("token:" + TOKEN), HOME)).isEqualTo(expected);
        assertThat(auth.authenticate("Bearer " + TOKEN, HOME)).isEqualTo(expected);
        assertThat(auth.authenticate("bearer   " + TOKEN + " ", HOME)).isEqualTo(expected);
    }

    @Test void anythingElseIsRejected() {
        for (String header : List.of("", "Bearer", "Bearer ", basic("admin:" + TOKEN), basic(TOKEN), "Basic %%%",
                "Digest " + TOKEN, basic("token:wrong-token-0123456789"), "Bearer " + "x".repeat(2000))) {
            assertThat(auth.authenticate(header, HOME)).as(header).isInstanceOf(Unauthenticated.class);
        }
        assertThat(auth.authenticate(null, HOME)).isInstanceOf(Unauthenticated.class);
    }

    @Test void validTokensAreCachedSoRepeatedRequestsDoNotHitTheDatabase() {
        for (int i = 0; i < 5; i++) auth.authenticate("Bearer " + TOKEN, HOME);
        assertThat(lookups).hasValue(1);
        millis.addAndGet(ApiAuthenticator.CACHE_TTL.toMillis());
        auth.authenticate("Bearer " + TOKEN, HOME);
        assertThat(lookups).as("looked up again once the cached answer is old").hasValue(2);
    }

    @Test void afterAFewUnknownTokensAnAddressIsThrottledBeforeAnyLookup() {
        for (int i = 0; i < 5; i++) {
            assertThat(auth.authenticate("Bearer unknown-token-" + i, HOME)).isInstanceOf(Unauthenticated.class);
        }
        assertThat(lookups).hasValue(5);
        var throttled = auth.authenticate("Bearer unknown-token-5", HOME);
        assertThat(throttled).isInstanceOf(Throttled.class);
        assertThat(((Throttled) throttled).retryAfterSeconds()).isEqualTo(12); // one try refills every 60/5 s
        assertThat(lookups).as("no database lookup while throttled").hasValue(5);
        assertThat(auth.authenticate("Bearer unknown-token-6", "192.0.2.11")).as("another address")
                .isInstanceOf(Unauthenticated.class);

        millis.addAndGet(12_000);
        assertThat(auth.authenticate("Bearer unknown-token-7", HOME)).isInstanceOf(Unauthenticated.class);
        assertThat(auth.authenticate("Bearer unknown-token-8", HOME)).isInstanceOf(Throttled.class);
    }

    @Test void aThrottledAddressKeepsTheTokensItHasUsedBefore() {
        assertThat(auth.authenticate("Bearer " + TOKEN, HOME)).isInstanceOf(Authenticated.class);
        for (int i = 0; i < 6; i++) auth.authenticate("Bearer unknown-token-" + i, HOME);
        assertThat(auth.authenticate("Bearer unknown-token-x", HOME)).isInstanceOf(Throttled.class);
        millis.addAndGet(ApiAuthenticator.CACHE_TTL.toMillis() + 1); // the cached answer is old: looked up again
        assertThat(auth.authenticate("Bearer " + TOKEN, HOME)).isInstanceOf(Authenticated.class);
        // a token never seen valid from a throttled address is not looked up, even a good one
        assertThat(auth.authenticate("Bearer " + OTHER, HOME)).isInstanceOf(Throttled.class);
    }

    @Test void aFloodOfUnknownTokensFromManyAddressesDoesNotPushValidTokensOut() {
        assertThat(auth.authenticate("Bearer " + TOKEN, HOME)).isInstanceOf(Authenticated.class);
        for (int i = 0; i < ApiAuthenticator.CACHE_MAX_ENTRIES + 500; i++) {
            auth.authenticateToken("bad-token-" + i, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        int before = lookups.get();
        assertThat(auth.authenticate("Bearer " + TOKEN, HOME)).isInstanceOf(Authenticated.class);
        assertThat(lookups.get()).as("the valid token is still cached").isEqualTo(before);
        assertThat(auth.cachedTokens()).isEqualTo(1);
    }

    @Test void ipv6ClientsAreCountedByTheirSlash64() {
        for (int i = 0; i < 5; i++) auth.authenticate("Bearer unknown-" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1));
        assertThat(auth.authenticate("Bearer unknown-5", "[2001:db8:1:2:ffff::9]")).isInstanceOf(Throttled.class);
        assertThat(auth.authenticate("Bearer unknown-6", "2001:db8:1:3::1")).isInstanceOf(Unauthenticated.class);
        assertThat(UnknownTokenLimiter.key("2001:DB8:1:2::1")).isEqualTo(UnknownTokenLimiter.key("[2001:db8:1:2:a::b]"));
        assertThat(UnknownTokenLimiter.key("192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test void forgettingATokenOrACustomerMakesTheNextUseALookup() {
        auth.authenticate("Bearer " + TOKEN, HOME);
        auth.authenticate("Bearer " + OTHER, HOME);
        stored.remove(ApiToken.hash(TOKEN));
        assertThat(auth.authenticate("Bearer " + TOKEN, HOME)).as("still cached").isInstanceOf(Authenticated.class);
        auth.forgetToken(ApiToken.hash(TOKEN));
        assertThat(auth.authenticate("Bearer " + TOKEN, HOME)).isInstanceOf(Unauthenticated.class);

        stored.remove(ApiToken.hash(OTHER));
        auth.forgetCustomer("2000002");
        assertThat(auth.authenticate("Bearer " + OTHER, HOME)).isInstanceOf(Unauthenticated.class);
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private final class TestClock extends Clock {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    }

    private final class TokensOnly implements CustomerRepository {
        @Override public Optional<ApiToken> findTokenByHash(String hash) {
            lookups.incrementAndGet();
            return Optional.ofNullable(stored.get(hash));
        }
        @Override public void upsertCustomer(Customer customer) { throw new UnsupportedOperationException(); }
        @Override public Optional<Customer> findCustomer(String code) { throw new UnsupportedOperationException(); }
        @Override public List<Customer> customers() { throw new UnsupportedOperationException(); }
        @Override public void upsertExtension(Extension extension) { throw new UnsupportedOperationException(); }
        @Override public Optional<Extension> findExtension(String c, String n) { throw new UnsupportedOperationException(); }
        @Override public Optional<Extension> findExtensionBySipUsername(String u) { throw new UnsupportedOperationException(); }
        @Override public List<Extension> extensions(String c) { throw new UnsupportedOperationException(); }
        @Override public void upsertToken(ApiToken token) { throw new UnsupportedOperationException(); }
        @Override public List<String> disabledCustomers() { throw new UnsupportedOperationException(); }
        @Override public Removal removeCustomer(String code) { throw new UnsupportedOperationException(); }
        @Override public void deleteExtension(String c, String n) { throw new UnsupportedOperationException(); }
        @Override public List<ApiToken> tokens(String c) { throw new UnsupportedOperationException(); }
        @Override public void deleteToken(String hash) { throw new UnsupportedOperationException(); }
    }
}
