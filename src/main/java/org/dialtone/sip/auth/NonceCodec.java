package org.dialtone.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless, self-authenticating nonces: base64url(issue millis (8 bytes) | random (12 bytes) | MAC (16 bytes)) where
 * MAC = HMAC-SHA256(secret, millis | random | realm) truncated to 16 bytes. A forged or altered nonce fails the MAC;
 * expiry is checked from the embedded timestamp, so no server state is needed until a nonce is actually used.
 */
final class NonceCodec {

    enum Status { VALID, EXPIRED, INVALID }

    /** Outcome of checking a nonce; {@code issuedAtMillis} is meaningful only when the nonce is authentic. */
    record Check(Status status, long issuedAtMillis) {}

    private static final int RANDOM_BYTES = 12;
    private static final int MAC_BYTES = 16;
    private static final int NONCE_BYTES = Long.BYTES + RANDOM_BYTES + MAC_BYTES;
    /** A nonce stamped this far in the future (clock stepped back) is treated as expired, not accepted. */
    private static final long MAX_FUTURE_SKEW_MILLIS = 5_000;

    private final SecretKeySpec key;
    private final byte[] realmBytes;
    private final long lifetimeMillis;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    NonceCodec(byte[] secret, String realm, Duration lifetime, Clock clock) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.realmBytes = realm.getBytes(StandardCharsets.UTF_8);
        this.lifetimeMillis = lifetime.toMillis();
        this.clock = clock;
    }

    String issue() {
        byte[] nonce = new byte[NONCE_BYTES];
        ByteBuffer.wrap(nonce).putLong(clock.millis());
        byte[] rnd = new byte[RANDOM_BYTES];
        random.nextBytes(rnd);
        System.arraycopy(rnd, 0, nonce, Long.BYTES, RANDOM_BYTES);
        System.arraycopy(mac(nonce), 0, nonce, Long.BYTES + RANDOM_BYTES, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    Check check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return new Check(Status.INVALID, 0);
        }
        if (raw.length != NONCE_BYTES) return new Check(Status.INVALID, 0);
        byte[] presentedMac = Arrays.copyOfRange(raw, Long.BYTES + RANDOM_BYTES, NONCE_BYTES);
        if (!MessageDigest.isEqual(mac(raw), presentedMac)) return new Check(Status.INVALID, 0);
        long issuedAt = ByteBuffer.wrap(raw).getLong();
        return new Check(isExpired(issuedAt, clock.millis()) ? Status.EXPIRED : Status.VALID, issuedAt);
    }

    boolean isExpired(long issuedAtMillis, long nowMillis) {
        return nowMillis - issuedAtMillis > lifetimeMillis || issuedAtMillis - nowMillis > MAX_FUTURE_SKEW_MILLIS;
    }

    /** A value derived from the secret and realm, handed out as {@code opaque}; it reveals nothing about the secret. */
    String opaque() {
        byte[] label = "opaque|".getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(label, label.length + realmBytes.length);
        System.arraycopy(realmBytes, 0, input, label.length, realmBytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hmac(input), MAC_BYTES));
    }

    /** Truncated MAC over the timestamp and random part of {@code nonce} plus the realm. */
    private byte[] mac(byte[] nonce) {
        byte[] input = Arrays.copyOf(nonce, Long.BYTES + RANDOM_BYTES + realmBytes.length);
        System.arraycopy(realmBytes, 0, input, Long.BYTES + RANDOM_BYTES, realmBytes.length);
        return Arrays.copyOf(hmac(input), MAC_BYTES);
    }

    private byte[] hmac(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in the JDK", e);
        }
    }
}
