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

    @Test void tellsOnceWhenAKeyBecomesBlocked() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(60), 100, clock);
        assertThat(limiter.recordFailure("192.0.2.1")).isFalse();
        assertThat(limiter.recordFailure("192.0.2.1")).isFalse();
        assertThat(limiter.recordFailure("192.0.2.1")).as("the failure that blocks").isTrue();
        assertThat(limiter.recordFailure("192.0.2.1")).as("already blocked").isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(limiter.blocked("192.0.2.1")).isFalse();
        limiter.recordFailure("192.0.2.1");
        limiter.recordFailure("192.0.2.1");
        assertThat(limiter.recordFailure("192.0.2.1")).as("blocked again after the window").isTrue();
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
        assertThat(limiter.trackedKeys()).isZero();
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
        assertThat(limiter.trackedKeys()).isEqualTo(2);
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

    @Test void keysThatStoppedFailingArePurgedByAgeWithoutBeingAskedAbout() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(60), 1000, clock);
        for (int i = 0; i < 500; i++) limiter.recordFailure("192.0.2." + (i % 250) + "\n" + "user" + i);
        assertThat(limiter.trackedKeys()).isEqualTo(500);
        clock.advance(Duration.ofSeconds(30));
        limiter.recordFailure("198.51.100.1");
        assertThat(limiter.trackedKeys()).as("nothing is a window old yet").isEqualTo(501);
        clock.advance(Duration.ofSeconds(30));
        // a single unrelated call is enough to drop every key whose last failure is a window old
        assertThat(limiter.blocked("203.0.113.7")).isFalse();
        assertThat(limiter.trackedKeys()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        limiter.recordFailure("203.0.113.8");
        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test void aFailingKeyStaysTrackedWhileItKeepsFailing() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(60), 100, clock);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(20));
            limiter.recordFailure("192.0.2.1");
        }
        assertThat(limiter.blocked("192.0.2.1")).as("three failures in the last 60 s").isTrue();
        clock.advance(Duration.ofSeconds(20));
        assertThat(limiter.blocked("192.0.2.1")).as("the oldest of them left the window").isFalse();
    }

    @Test void longKeysAreToldApartByTheirWholeText() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(2, Duration.ofSeconds(60), 100, clock);
        String huge = "192.0.2.1\n" + "u".repeat(64 * 1024);
        limiter.recordFailure(huge);
        limiter.recordFailure(huge);
        assertThat(limiter.blocked(huge)).isTrue();
        assertThat(limiter.blocked(huge.substring(0, huge.length() - 1) + "v")).isFalse();
    }

    @Test void theBoundHoldsUnderAFloodOfDistinctKeys() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1, Duration.ofSeconds(60), 1000, clock);
        limiter.recordFailure("victim");
        for (int i = 0; i < 50_000; i++) limiter.recordFailure("flood-" + i);
        assertThat(limiter.trackedKeys()).isEqualTo(1000);
        assertThat(limiter.blocked("flood-49999")).isTrue();
    }

    @Test void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> new AuthFailureLimiter(0, Duration.ofSeconds(1), 1, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> new AuthFailureLimiter(1, Duration.ZERO, 1, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }
}
