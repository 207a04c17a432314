package org.dialtone.http.openapi;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document of the whole API, served without authentication at {@value #PATH}. It is merged once, at
 * start, from fragments beside this class: {@code base.json} (info, servers, security schemes, the shared error
 * schema) and one fragment per part of the API ({@link #FRAGMENTS}), each with its own {@code paths} and
 * {@code components}. A fragment that is not on the classpath is left out (a part of the API not built yet); two
 * fragments defining the same operation, or the same component differently, are a bug and fail the start.
 */
public final class OpenApiDocument implements Consumer<RoutesConfig> {
    public static final String PATH = "/v1.0/openapi.json";
    /** The parts of the API, each a resource {@code <name>} beside this class, merged in this order. */
    public static final List<String> FRAGMENTS = List.of("actions.json", "events.json", "read.json", "admin.json");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] document;

    public OpenApiDocument() { this(FRAGMENTS); }

    OpenApiDocument(List<String> fragments) {
        ObjectNode merged = (ObjectNode) read("base.json");
        if (merged == null) throw new IllegalStateException("OpenAPI base.json missing from the classpath");
        for (String name : fragments) {
            JsonNode fragment = read(name);
            if (fragment != null) merge(merged, fragment, name);
        }
        document = JSON.writeValueAsBytes(merged);
    }

    @Override public void accept(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }

    /** The merged document. */
    public JsonNode json() { return JSON.readTree(document); }

    static void merge(ObjectNode into, JsonNode fragment, String name) {
        ObjectNode paths = objectAt(into, "paths");
        for (Map.Entry<String, JsonNode> path : fragment.path("paths").properties()) {
            ObjectNode target = objectAt(paths, path.getKey());
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (target.has(op.getKey()) && !target.get(op.getKey()).equals(op.getValue())) {
                    throw new IllegalStateException("OpenAPI fragment " + name + " defines " + op.getKey() + " "
                            + path.getKey() + " again");
                }
                target.set(op.getKey(), op.getValue());
            }
        }
        ObjectNode components = objectAt(into, "components");
        for (Map.Entry<String, JsonNode> kind : fragment.path("components").properties()) {
            ObjectNode target = objectAt(components, kind.getKey());
            for (Map.Entry<String, JsonNode> item : kind.getValue().properties()) {
                if (target.has(item.getKey()) && !target.get(item.getKey()).equals(item.getValue())) {
                    throw new IllegalStateException("OpenAPI fragment " + name + " redefines components/"
                            + kind.getKey() + "/" + item.getKey());
                }
                target.set(item.getKey(), item.getValue());
            }
        }
    }

    private static ObjectNode objectAt(ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        if (existing instanceof ObjectNode o) return o;
        return parent.putObject(key);
    }

    private static JsonNode read(String name) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(name)) {
            return in == null ? null : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
