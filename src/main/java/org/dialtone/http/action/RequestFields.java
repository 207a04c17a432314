package org.dialtone.http.action;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The fields of one action request, from a JSON object or a form, with the contract's parsing rules: numbers may be
 * JSON strings or JSON integers, values are trimmed, unknown fields are ignored. Every getter throws
 * {@link ApiFailure} ({@code missing_field} or {@code invalid_field}) naming the field.
 */
public final class RequestFields {
    /** Longest extension or phone number, after trimming (contract: 1 to 20 characters). */
    public static final int MAX_NUMBER_LENGTH = 20;

    private static final Pattern DIALLED_NUMBER = Pattern.compile("\\+?[0-9*#]+");
    private static final Pattern EXTENSION_NUMBER = Pattern.compile("\\+?[0-9]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Values are {@link JsonNode}s (JSON body) or {@link String}s (form body). */
    private final Map<String, ?> values;

    private RequestFields(Map<String, ?> values) { this.values = values; }

    public static RequestFields ofJson(Map<String, JsonNode> values) { return new RequestFields(values); }

    public static RequestFields ofForm(Map<String, String> values) { return new RequestFields(values); }

    /** A number to dial: digits, optionally a leading {@code +}; {@code *} and {@code #} for feature codes. */
    public String dialledNumber(String name) {
        return matching(name, DIALLED_NUMBER, MAX_NUMBER_LENGTH, "must be digits, optionally with a leading + (* and # allowed)");
    }

    /** An extension number: digits, optionally a leading {@code +}. */
    public String extensionNumber(String name) {
        return matching(name, EXTENSION_NUMBER, MAX_NUMBER_LENGTH, "must be digits");
    }

    /** A parking spot number: digits only. */
    public String parkingSpot(String name) {
        return matching(name, DIGITS, MAX_NUMBER_LENGTH, "must be digits");
    }

    /** A channel id: a UUID in its 36-character form, returned lower-case. Never a JSON number. */
    public String channelId(String name) {
        Object raw = present(name);
        if (raw instanceof JsonNode node && !node.isString()) throw ApiFailure.invalidField(name, "must be a string");
        String value = ((raw instanceof JsonNode node) ? node.stringValue() : (String) raw).strip();
        if (value.isEmpty()) throw ApiFailure.invalidField(name, "must not be empty");
        if (value.length() > 36) throw ApiFailure.invalidField(name, "is too long (a channel id is a 36-character UUID)");
        if (!UUID.matcher(value).matches()) throw ApiFailure.invalidField(name, "must be a UUID");
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * An optional flag: a JSON boolean, the JSON integers 0 or 1, or one of the strings {@code true false 1 0} in any
     * case; absent or null means {@code defaultValue}.
     */
    public boolean flag(String name, boolean defaultValue) {
        Object raw = values.get(name);
        if (raw == null || (raw instanceof JsonNode node && node.isNull())) return defaultValue;
        String text;
        if (raw instanceof JsonNode node) {
            if (node.isBoolean()) return node.booleanValue();
            if (node.isIntegralNumber()) text = node.bigIntegerValue().toString();
            else if (node.isString()) text = node.stringValue();
            else throw ApiFailure.invalidField(name, "must be true or false");
        } else {
            text = (String) raw;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiFailure.invalidField(name, "must be true or false");
        };
    }

    private String matching(String name, Pattern pattern, int maxLength, String rule) {
        String value = numberText(name);
        if (value.isEmpty()) throw ApiFailure.invalidField(name, "must not be empty");
        if (value.length() > maxLength) {
            throw ApiFailure.invalidField(name, "is too long (at most " + maxLength + " characters)");
        }
        if (!pattern.matcher(value).matches()) throw ApiFailure.invalidField(name, rule);
        return value;
    }

    /** The trimmed text of a string or integer field. */
    private String numberText(String name) {
        Object raw = present(name);
        if (raw instanceof String s) return s.strip();
        JsonNode node = (JsonNode) raw;
        if (node.isString()) return node.stringValue().strip();
        if (node.isIntegralNumber()) {
            BigInteger n = node.bigIntegerValue();
            if (n.signum() < 0) throw ApiFailure.invalidField(name, "must not be negative");
            return n.toString();
        }
        throw ApiFailure.invalidField(name, "must be a string or an integer");
    }

    private Object present(String name) {
        Object raw = values.get(name);
        if (raw == null || (raw instanceof JsonNode node && node.isNull())) throw ApiFailure.missingField(name);
        return raw;
    }
}
