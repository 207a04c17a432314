package org.dialtone.http.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {
    final AtomicLong now = new AtomicLong();
    final IdempotencyStore store = new IdempotencyStore(Duration.ofSeconds(60), 3, now::get);
    final byte[] body = IdempotencyStore.fingerprint("/p", "{}".getBytes());
    final ActionResponse ok = ActionResponse.success(Map.of());

    @Test void forgetsAKeySixtySecondsAfterTheResponse() {
        var fresh = (IdempotencyStore.Fresh) store.claim("t", "k", body);
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        store.complete(fresh, ok);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(store.claim("t", "k", body)).isInstanceOf(IdempotencyStore.Replay.class);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(store.claim("t", "k", body)).isInstanceOf(IdempotencyStore.Fresh.class);
    }

    @Test void memoryIsBounded() {
        for (int i = 0; i < 10; i++) {
            store.complete((IdempotencyStore.Fresh) store.claim("t", "k" + i, body), ok);
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.claim("t", "k9", body)).isInstanceOf(IdempotencyStore.Replay.class);
        assertThat(store.claim("t", "k0", body)).isInstanceOf(IdempotencyStore.Fresh.class);
    }

    @Test void oneTokenFloodingKeysDoesNotPushOutAnothersKeys() {
        store.complete((IdempotencyStore.Fresh) store.claim("quiet", "mine", body), ok);
        for (int i = 0; i < 10_000; i++) {
            store.complete((IdempotencyStore.Fresh) store.claim("noisy", "k" + i, body), ok);
        }
        assertThat(store.size("noisy")).isEqualTo(3);
        assertThat(store.claim("quiet", "mine", body)).isInstanceOf(IdempotencyStore.Replay.class);
        assertThat(store.size()).isEqualTo(4);
    }

    @Test void tokensWhoseKeysAllExpiredAreForgotten() {
        for (int t = 0; t < 50; t++) store.complete((IdempotencyStore.Fresh) store.claim("t" + t, "k", body), ok);
        assertThat(store.size()).isEqualTo(50);
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        store.claim("fresh", "k", body); // any request sweeps, at most once a TTL
        assertThat(store.size()).isEqualTo(1);
    }

    @Test void keyValidity() {
        assertThat(IdempotencyStore.isValidKey("8e03978e-40d5-43e8-bc93-6894a57f9324")).isTrue();
        assertThat(IdempotencyStore.isValidKey("")).isFalse();
        assertThat(IdempotencyStore.isValidKey("has space")).isFalse();
        assertThat(IdempotencyStore.isValidKey("ü")).isFalse();
        assertThat(IdempotencyStore.isValidKey("k".repeat(255))).isTrue();
        assertThat(IdempotencyStore.isValidKey("k".repeat(256))).isFalse();
    }
}
