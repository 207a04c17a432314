package org.dialtone.http.action;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an action request body by the contract's rules: {@code application/json} (any charset parameter) or
 * {@code application/x-www-form-urlencoded}; anything else is {@code 415}; more than {@link #MAX_BODY_BYTES} is
 * {@code 413}; a body that does not parse, or is not one JSON object, is {@code 400 invalid_json}
 * ({@code invalid_form} for a form with a broken percent escape). A request with no body and no content type counts
 * as an empty form, so it gets {@code missing_field} like {@code curl -X POST} without {@code -d} deserves.
 */
public final class RequestBodyReader {
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** The most bytes read and thrown away from a request refused before its body was read ({@link #discard}). */
    public static final int MAX_DISCARDED_BYTES = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private RequestBodyReader() {}

    /** What kind of body a {@code Content-Type} header announces. */
    public enum Kind { JSON, FORM, NONE }

    /** The announced kind; {@code 415 unsupported_media_type} for anything but JSON or a form. */
    public static Kind kind(String contentType) {
        if (contentType == null || contentType.isBlank()) return Kind.NONE;
        String media = mediaType(contentType);
        if (media.equals("application/json")) return Kind.JSON;
        if (media.equals("application/x-www-form-urlencoded")) return Kind.FORM;
        throw unsupported("Content type " + media + " is not supported; send application/json");
    }

    /**
     * The body bytes, at most {@link #MAX_BODY_BYTES}. A {@code Content-Length} above the limit is refused without
     * reading; a chunked body is read only up to one byte past the limit.
     */
    public static byte[] readLimited(long contentLength, InputStream in) {
        if (contentLength > MAX_BODY_BYTES) throw tooLarge();
        try {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads and throws away the rest of the body of a request answered without it (401, 429, 413, 415...), so that the
     * response reaches a client still sending its body instead of a connection reset, and the connection stays
     * usable. Reads at most {@link #MAX_DISCARDED_BYTES}; returns false when the body is longer (a
     * {@code Content-Length} above that is not read at all) or cannot be read: the connection must then be closed.
     */
    public static boolean discard(long contentLength, InputStream in) {
        if (contentLength > MAX_DISCARDED_BYTES) return false;
        try {
            long skipped = 0;
            byte[] sink = new byte[8192];
            for (int n; (n = in.read(sink)) >= 0; ) {
                skipped += n;
                if (skipped > MAX_DISCARDED_BYTES) return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Parses a body of the given content type into fields. */
    public static RequestFields parse(String contentType, byte[] body) {
        Kind kind = kind(contentType);
        Charset charset = charset(contentType);
        return switch (kind) {
            case JSON -> json(body, charset);
            case FORM -> form(new String(body, charset), charset);
            case NONE -> {
                if (body.length > 0) throw unsupported("A request body needs a Content-Type; send application/json");
                yield RequestFields.ofForm(Map.of());
            }
        };
    }

    private static RequestFields json(byte[] body, Charset charset) {
        if (body.length == 0) throw ApiFailure.invalidJson("the body is empty; send one JSON object");
        JsonNode tree;
        try {
            tree = charset.equals(StandardCharsets.UTF_8) ? JSON.readTree(body) : JSON.readTree(new String(body, charset));
        } catch (JacksonException e) {
            throw ApiFailure.invalidJson(e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) throw ApiFailure.invalidJson("the body must be one JSON object");
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : tree.properties()) values.put(e.getKey(), e.getValue());
        return RequestFields.ofJson(values);
    }

    /** {@code a=1&b=2}; the first occurrence of a repeated name wins. */
    private static RequestFields form(String body, Charset charset) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                values.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new ApiFailure(400, "invalid_form", "Invalid form body: " + e.getMessage(), null);
            }
        }
        return RequestFields.ofForm(values);
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** The {@code charset} parameter, UTF-8 when absent; {@code 415} when unknown to the JVM. */
    static Charset charset(String contentType) {
        if (contentType == null) return StandardCharsets.UTF_8;
        for (String param : contentType.split(";")) {
            int eq = param.indexOf('=');
            if (eq < 0 || !param.substring(0, eq).strip().equalsIgnoreCase("charset")) continue;
            String name = param.substring(eq + 1).strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) name = name.substring(1, name.length() - 1);
            try {
                return Charset.forName(name);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw unsupported("Unknown charset " + name);
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static ApiFailure unsupported(String msg) {
        return new ApiFailure(415, "unsupported_media_type", msg, null);
    }

    private static ApiFailure tooLarge() {
        return new ApiFailure(413, "payload_too_large", "The request body is larger than " + MAX_BODY_BYTES + " bytes", null);
    }
}
