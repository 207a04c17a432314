package org.dialtone.http.admin;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON object of a management request, with typed, named-field access; every problem is a {@link BodyException}. */
final class JsonBody {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Far more than any management request needs. */
    static final int MAX_BYTES = 16 * 1024;

    private final JsonNode node;

    private JsonBody(JsonNode node) { this.node = node; }

    /** The body as a JSON object; an empty body is an empty object. */
    static JsonBody of(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BYTES) throw new BodyException(413, "payload_too_large", "The request body is too large", null);
        if (bytes.length == 0) return new JsonBody(JSON.createObjectNode());
        String type = ctx.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new BodyException(415, "unsupported_media_type", "Send the body as application/json", null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new BodyException(400, "invalid_json", "The body is not valid JSON", null);
        }
        if (node == null || !node.isObject()) throw new BodyException(400, "invalid_json", "The body must be a JSON object", null);
        return new JsonBody(node);
    }

    /** A string field (a JSON number is read as its text); null when absent or null. */
    String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isString()) return v.stringValue().strip();
        if (v.isIntegralNumber()) return v.asString();
        throw new BodyException(400, "invalid_field", field + " must be a string", field);
    }

    Integer integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber() && v.canConvertToInt()) return v.intValue();
        throw new BodyException(400, "invalid_field", field + " must be a whole number", field);
    }

    /** Whether the body names {@code field} at all (with {@code null} too): a PATCH changes only what it names. */
    boolean has(String field) { return node.has(field); }

    /** Whether the body gives {@code field} as JSON {@code null}. */
    boolean isNull(String field) { return node.has(field) && node.get(field).isNull(); }

    /** A list of strings (numbers read as text); null when absent. */
    List<String> texts(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw new BodyException(400, "invalid_field", field + " must be a list", field);
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (item.isString()) out.add(item.stringValue().strip());
            else if (item.isIntegralNumber()) out.add(item.asString());
            else throw new BodyException(400, "invalid_field", field + " must be a list of numbers", field);
        }
        return out;
    }
}
