package org.dialtone.sip;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;

/**
 * A DTMF digit sent in a SIP INFO, as phones do when told to send DTMF "as SIP INFO": {@code application/dtmf-relay}
 * ({@code Signal=5} and {@code Duration=160}, milliseconds) or {@code application/dtmf} (the digit alone). The switch
 * relays it to the other party as RFC 4733 telephone events (its media is anchored: the other party may not speak
 * INFO at all).
 */
record InfoDtmf(char digit, Duration duration) {
    static final Duration DEFAULT_DURATION = Duration.ofMillis(160);
    private static final int MAX_BODY = 256;

    /** The digit an INFO carries, or empty (another content, or a malformed body). */
    static Optional<InfoDtmf> of(Request info) {
        ContentTypeHeader type = (ContentTypeHeader) info.getHeader(ContentTypeHeader.NAME);
        byte[] raw = info.getRawContent();
        if (type == null || raw == null || raw.length == 0 || raw.length > MAX_BODY
                || !"application".equalsIgnoreCase(type.getContentType())) {
            return Optional.empty();
        }
        String body = new String(raw, StandardCharsets.US_ASCII);
        return switch (type.getContentSubType().toLowerCase(Locale.ROOT)) {
            case "dtmf-relay" -> relay(body);
            case "dtmf" -> digit(body.strip(), DEFAULT_DURATION);
            default -> Optional.empty();
        };
    }

    private static Optional<InfoDtmf> relay(String body) {
        String signal = null;
        Duration duration = DEFAULT_DURATION;
        for (String line : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) continue;
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (key.equals("signal")) signal = value;
            else if (key.equals("duration") && value.matches("\\d{1,5}")) duration = Duration.ofMillis(Long.parseLong(value));
        }
        return signal == null ? Optional.empty() : digit(signal, duration);
    }

    private static Optional<InfoDtmf> digit(String text, Duration duration) {
        if (text.length() != 1 || "0123456789*#ABCDabcd".indexOf(text.charAt(0)) < 0) return Optional.empty();
        return Optional.of(new InfoDtmf(Character.toUpperCase(text.charAt(0)), duration));
    }
}
