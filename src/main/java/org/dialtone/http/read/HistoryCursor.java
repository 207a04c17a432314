package org.dialtone.http.read;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.dialtone.core.call.CallHistoryQuery.Position;
import org.dialtone.http.action.ApiFailure;

/**
 * The opaque {@code cursor} of {@code GET /v1.0/calls}: a page's end position (start time, storage id) with a check
 * value, as unpadded base64url. Clients pass {@code next_cursor} back as given; anything else (edited, truncated, made
 * up) is {@code 400 invalid_field cursor}. The check value catches a damaged or edited cursor; it is not a secret (a
 * forged position only pages the customer's own calls from elsewhere), and cursors stay valid across restarts.
 */
final class HistoryCursor {
    static final String FIELD = "cursor";
    private static final String VERSION = "1";
    /** Far longer than any cursor this class makes: longer input is refused without decoding. */
    private static final int MAX_LENGTH = 128;

    private HistoryCursor() {}

    static String encode(Position p) {
        String payload = VERSION + "." + p.startMillis() + "." + p.id();
        String text = payload + "." + check(payload);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    static Position decode(String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH) throw invalid();
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) throw invalid();
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        if (!MessageDigest.isEqual(check(payload).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            throw invalid();
        }
        try {
            long start = Long.parseLong(parts[1]);
            long id = Long.parseLong(parts[2]);
            if (start < 0 || id < 0) throw invalid();
            return new Position(start, id);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /** The first 8 bytes of SHA-256, in hex. */
    private static String check(String payload) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static ApiFailure invalid() {
        return ApiFailure.invalidField(FIELD, "not a cursor this API returned; pass next_cursor back as given");
    }
}
