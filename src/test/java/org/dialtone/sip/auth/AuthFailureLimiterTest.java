package org.dialtone.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @Test void blocksAtTheThresholdWithinTheWindow() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(60), 100, clock);
        limiter.recordFailure("192.0.2.1");
        limiter.recordFailure("192.0.2.1");
        assertThat(limiter.blocked("192.0.2.1")).isFalse();
        limiter.recordFailure("192.0.2.1");
        assertThat(limiter.blocked("192.0.2.1")).isTrue();
        assertThat(limiter.blocked("192.0.2.2")).isFalse();
    }

    @Test void windowSlides() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(60), 100, clock);
        limiter.recordFailure("192.0.2.1");              // t=0
        clock.advance(Duration.ofSeconds(30));
        limiter.recordFailure("192.0.2.1");              // t=30
        limiter.recordFailure("192.0.2.1");              // t=30
        assertThat(limiter.blocked("192.0.2.1")).isTrue();
        clock.advance(Duration.ofSeconds(30));           // t=60: the first failure leaves the window
        assertThat(limiter.blocked("192.0.2.1")).isFalse();
        limiter.recordFailure("192.0.2.1");
        assertThat(limiter.blocked("192.0.2.1")).isTrue();
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.blocked("192.0.2.1")).isFalse();
        assertThat(limiter.trackedSources()).isZero();
    }

    @Test void resetForgetsASource() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1, Duration.ofSeconds(60), 100, clock);
        limiter.recordFailure("2001:db8::1");
        assertThat(limiter.blocked("2001:db8::1")).isTrue();
        limiter.reset("2001:db8::1");
        assertThat(limiter.blocked("2001:db8::1")).isFalse();
    }

    @Test void memoryIsBoundedByEvictingTheLeastRecentSource() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1, Duration.ofSeconds(60), 2, clock);
        limiter.recordFailure("192.0.2.1");
        limiter.recordFailure("192.0.2.2");
        limiter.recordFailure("192.0.2.3");
        assertThat(limiter.trackedSources()).isEqualTo(2);
        assertThat(limiter.blocked("192.0.2.1")).isFalse();
        assertThat(limiter.blocked("192.0.2.2")).isTrue();
        assertThat(limiter.blocked("192.0.2.3")).isTrue();
    }

    @Test void defaultsAreTenPerMinute() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(clock);
        for (int i = 0; i < 9; i++) limiter.recordFailure("192.0.2.9");
        assertThat(limiter.blocked("192.0.2.9")).isFalse();
        limiter.recordFailure("192.0.2.9");
        assertThat(limiter.blocked("192.0.2.9")).isTrue();
    }

    @Test void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> new AuthFailureLimiter(0, Duration.ofSeconds(1), 1, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> new AuthFailureLimiter(1, Duration.ZERO, 1, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }
}
