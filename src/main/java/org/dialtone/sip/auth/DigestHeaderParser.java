package org.dialtone.sip.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code Digest k=v, k="v", ...} (RFC 3261 §25.1 / RFC 7616 §3.4): quoted strings with backslash escapes,
 * unquoted tokens, optional whitespace around '=' and ',', case-insensitive parameter names.
 */
final class DigestHeaderParser {

    private final String text;
    private int pos;

    private DigestHeaderParser(String text) { this.text = text; }

    /** Parses a header value into lower-cased parameter names → unquoted values; the first occurrence of a name wins. */
    static Map<String, String> parse(String headerValue) throws DigestParseException {
        if (headerValue == null) throw new DigestParseException("missing Digest credentials: header value is null");
        return new DigestHeaderParser(headerValue).parseAll();
    }

    static DigestResponse toResponse(Map<String, String> p) {
        return new DigestResponse(p.get("username"), p.get("realm"), p.get("nonce"), p.get("uri"), p.get("response"),
                p.get("algorithm"), p.get("qop"), p.get("cnonce"), p.get("nc"), p.get("opaque"));
    }

    private Map<String, String> parseAll() throws DigestParseException {
        skipWhitespace();
        String scheme = token();
        if (!scheme.equalsIgnoreCase("Digest")) {
            throw new DigestParseException(scheme.isEmpty() ? "expected auth scheme 'Digest' at position " + pos
                    : "unsupported auth scheme '" + scheme + "', expected 'Digest'");
        }
        if (pos < text.length() && !isWhitespace(text.charAt(pos))) {
            throw new DigestParseException("expected whitespace after 'Digest' at position " + pos);
        }
        Map<String, String> params = new LinkedHashMap<>();
        skipWhitespace();
        if (pos == text.length()) throw new DigestParseException("Digest credentials have no parameters");
        while (true) {
            skipWhitespace();
            String name = token();
            if (name.isEmpty()) throw new DigestParseException("expected a parameter name at position " + pos);
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '=') {
                throw new DigestParseException("expected '=' after parameter '" + name + "' at position " + pos);
            }
            pos++;
            skipWhitespace();
            boolean quoted = pos < text.length() && text.charAt(pos) == '"';
            String value = quoted ? quotedString() : unquotedValue();
            if (!quoted && value.isEmpty()) {
                throw new DigestParseException("missing value for parameter '" + name + "' at position " + pos);
            }
            params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            skipWhitespace();
            if (pos == text.length()) return params;
            if (text.charAt(pos) != ',') {
                throw new DigestParseException("expected ',' between parameters at position " + pos + ", found '"
                        + text.charAt(pos) + "'");
            }
            // RFC 7230 #rule: empty list elements (",," or a trailing ",") are allowed and skipped.
            while (pos < text.length() && (text.charAt(pos) == ',' || isWhitespace(text.charAt(pos)))) pos++;
            if (pos == text.length()) return params;
        }
    }

    private String token() {
        int start = pos;
        while (pos < text.length() && isTokenChar(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    /** Unquoted values are tokens in the grammar; we also accept e.g. an unquoted URI, up to ',' or whitespace. */
    private String unquotedValue() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != '"' && !isWhitespace(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    private String quotedString() throws DigestParseException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c == '\\') {
                if (pos >= text.length()) break;
                sb.append(text.charAt(pos++));
            } else {
                sb.append(c);
            }
        }
        throw new DigestParseException("unterminated quoted string starting at position " + start);
    }

    private void skipWhitespace() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) pos++;
    }

    private static boolean isWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

    /** RFC 3261 token characters. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-.!%*_+`'~".indexOf(c) >= 0;
    }
}
