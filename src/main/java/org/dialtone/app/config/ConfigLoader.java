package org.dialtone.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dialtone.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads {@link DialtoneConfig}: built-in defaults, then the YAML file (if any), then environment variables.
 * <p>
 * Every scalar key outside {@code customers} and {@code trunks} can be set with {@code DIALTONE_<PATH>}, the key path
 * upper-cased with dots turned into underscores: {@code DIALTONE_SIP_UDP_PORT} sets {@code sip.udp_port},
 * {@code DIALTONE_DATABASE_URL} sets {@code database.url}. A list of strings outside those two
 * ({@code http.cors_allowed_origins}) is set the same way, comma-separated. Empty environment values are ignored. Problems are reported as one
 * {@link ConfigException} naming each key path.
 */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    public static final String ENV_PREFIX = "DIALTONE_";
    /** Environment variable with the config file path; {@code --config PATH} on the command line wins over it. */
    public static final String CONFIG_PATH_ENV = "DIALTONE_CONFIG";

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    /** Top-level lists of mappings: set only in the file, never from the environment. */
    private static final java.util.Set<String> LISTS_OF_MAPPINGS = java.util.Set.of("customers", "trunks", "admin_tokens");

    private ConfigLoader() {}

    /** The config file named by {@code --config PATH} / {@code --config=PATH}, else by {@code DIALTONE_CONFIG}, else null. */
    public static Path resolvePath(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) throw new ConfigException("--config: missing file path");
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) return Path.of(args[i].substring("--config=".length()));
        }
        String fromEnv = env.get(CONFIG_PATH_ENV);
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    /** Loads and validates the configuration. {@code file} may be null (defaults + environment only). */
    public static DialtoneConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = defaults();
        if (file != null) merge(tree, readFile(file));
        Map<String, String> envByPath = overlayEnvironment(tree, env);
        DialtoneConfig config = bind(tree, envByPath);
        if (config.database().url() == null || config.database().url().isBlank()) {
            String url = config.dataDir() == null ? null : Database.sqliteUrl(Path.of(config.dataDir()));
            config = new DialtoneConfig(config.sip(), config.http(), config.rtp(), config.events(), config.dataDir(),
                    new DialtoneConfig.DatabaseConfig(url, config.database().user(), config.database().password()),
                    config.customers(), config.parking(), config.trunks(), config.limits(), config.adminTokens());
        }
        List<String> problems = new ArrayList<>();
        for (ConfigValidator.Problem p : ConfigValidator.validate(config)) problems.add(format(p.path(), p.message(), envByPath));
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return config;
    }

    /** The built-in defaults as a tree; every key (null ones too) is listed so environment overrides can find it. */
    static ObjectNode defaults() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode sip = root.putObject("sip");
        sip.put("bind_address", "0.0.0.0");
        sip.putNull("advertised_address");
        sip.put("udp_port", 5060);
        sip.put("tcp_port", 5060);
        sip.put("realm", "dialtone");
        sip.put("min_expires", 60);
        sip.put("max_expires", 3600);
        sip.put("default_expires", 600);
        sip.put("nonce_lifetime_seconds", 300);
        sip.put("ring_timeout_seconds", 30);
        sip.put("auth_failures_per_minute", 10);
        sip.put("offer_sha256", false);
        ObjectNode http = root.putObject("http");
        http.put("bind_address", "0.0.0.0");
        http.put("port", 8080);
        http.put("rate_limit_per_second", 20);
        http.put("rate_limit_burst", 40);
        http.put("sync_answer_margin_seconds", 5);
        http.putArray("cors_allowed_origins");
        ObjectNode rtp = root.putObject("rtp");
        rtp.put("bind_address", "0.0.0.0");
        rtp.put("port_min", 20000);
        rtp.put("port_max", 29999);
        rtp.put("timeout_seconds", 60);
        rtp.putArray("trusted_networks");
        ObjectNode parking = root.putObject("parking");
        parking.put("first_spot", 701);
        parking.put("last_spot", 710);
        parking.put("timeout_seconds", 45);
        parking.putNull("music_on_hold");
        ObjectNode events = root.putObject("events");
        events.put("buffer_max_events", 10_000);
        events.put("buffer_max_age_seconds", 600);
        events.put("subscriber_queue_size", 1_000);
        events.put("max_streams_per_token", 20);
        events.put("keepalive_seconds", 15);
        events.put("retry_millis", 3_000);
        root.put("data_dir", "./data");
        ObjectNode database = root.putObject("database");
        database.putNull("url");
        database.putNull("user");
        database.putNull("password");
        ObjectNode limits = root.putObject("limits");
        limits.put("max_calls_per_customer", 0);
        limits.put("max_calls_per_account", 4);
        limits.put("max_contacts_per_account", 10);
        limits.put("max_hold_seconds", 7200);
        limits.put("sip_tcp_max_connections", 2000);
        limits.put("sip_tcp_max_connections_per_ip", 100);
        limits.put("sip_tcp_idle_seconds", 30);
        limits.put("max_calls", 0);
        limits.put("max_heap_after_gc_percent", 85);
        limits.put("max_sip_queue", 500);
        limits.put("retry_after_seconds", 5);
        root.putArray("customers");
        root.putArray("trunks"); // defaults of each trunk's keys: DialtoneConfig.TrunkConfig
        root.putArray("admin_tokens");
        return root;
    }

    private static JsonNode readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("config file unreadable: " + file + ": " + e.getMessage(), e);
        }
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(text);
        } catch (StreamReadException e) {
            var where = e.getLocation();
            throw new ConfigException(file + ": invalid YAML at line " + where.getLineNr() + ", column "
                    + where.getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        if (parsed == null || parsed.isMissingNode() || parsed.isNull()) return JsonNodeFactory.instance.objectNode();
        if (!parsed.isObject()) throw new ConfigException(file + ": the top level must be a mapping of keys");
        return parsed;
    }

    /**
     * Deep-merges {@code override} into {@code base}: objects merge key by key, anything else replaces. An empty
     * section ({@code sip:} with nothing under it) keeps the defaults of that section.
     */
    static void merge(ObjectNode base, JsonNode override) {
        for (Map.Entry<String, JsonNode> entry : override.properties()) {
            JsonNode current = base.get(entry.getKey());
            if (current instanceof ObjectNode && entry.getValue().isNull()) continue;
            if (current instanceof ObjectNode currentObject && entry.getValue().isObject()) {
                merge(currentObject, entry.getValue());
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        }
    }

    /**
     * Applies {@code DIALTONE_*} variables to known scalar and string-list keys; returns key path → variable name of
     * those applied.
     */
    private static Map<String, String> overlayEnvironment(ObjectNode tree, Map<String, String> env) {
        Map<String, String> applied = new LinkedHashMap<>();
        Map<String, String> known = new LinkedHashMap<>();
        ObjectNode defaults = defaults();
        collectScalarPaths(defaults, "", known);
        for (Map.Entry<String, String> path : known.entrySet()) {
            String value = env.get(path.getValue());
            if (value == null || value.isEmpty()) continue;
            String[] parts = path.getKey().split("\\.");
            ObjectNode parent = tree;
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                JsonNode child = parent.get(parts[i]);
                if (child == null || child.isNull()) child = parent.putObject(parts[i]);
                parent = child instanceof ObjectNode object ? object : null; // a non-mapping fails binding later
            }
            if (parent == null) continue;
            String key = parts[parts.length - 1];
            if (defaults.at("/" + path.getKey().replace('.', '/')).isArray()) { // comma-separated list of strings
                var list = parent.putArray(key);
                for (String item : value.split(",", -1)) list.add(item.strip());
            } else {
                parent.put(key, value);
            }
            applied.put(path.getKey(), path.getValue());
        }
        for (String name : env.keySet()) {
            if (name.startsWith(ENV_PREFIX) && !name.equals(CONFIG_PATH_ENV) && !known.containsValue(name)) {
                log.warn("Ignoring unknown environment variable {} (no such config key)", name);
            }
        }
        return applied;
    }

    private static void collectScalarPaths(JsonNode node, String prefix, Map<String, String> out) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (entry.getValue().isObject()) collectScalarPaths(entry.getValue(), path, out);
            else if (!entry.getValue().isArray() || !LISTS_OF_MAPPINGS.contains(path)) out.put(path, envName(path));
        }
    }

    /** {@code sip.udp_port} → {@code DIALTONE_SIP_UDP_PORT}. */
    public static String envName(String keyPath) {
        return ENV_PREFIX + keyPath.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    private static DialtoneConfig bind(ObjectNode tree, Map<String, String> envByPath) {
        try {
            return MAPPER.treeToValue(tree, DialtoneConfig.class);
        } catch (JacksonException e) {
            throw new ConfigException(describe(e, envByPath), e);
        }
    }

    private static String describe(JacksonException e, Map<String, String> envByPath) {
        String path = keyPath(e.getPath());
        if (e instanceof UnrecognizedPropertyException) return format(path, "unknown key", envByPath);
        if (e instanceof InvalidFormatException f) {
            String got = isSecret(path) ? "" : ", got \"" + f.getValue() + "\"";
            return format(path, "must be " + typeName(f.getTargetType()) + got, envByPath);
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return format(path, "must be " + typeName(m.getTargetType()), envByPath);
        }
        if (isSecret(path)) return format(path, "must be a string", envByPath); // Jackson's text may quote the value
        return format(path, e.getOriginalMessage(), envByPath);
    }

    /** Jackson's reference chain as {@code customers[0].extensions[1].number}. */
    static String keyPath(List<JacksonException.Reference> references) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : references) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "<root>" : sb.toString();
    }

    /** Keys whose values are {@link Secret}s: a message about them never shows the value. */
    private static boolean isSecret(String path) {
        return path.endsWith("password") || path.endsWith("token");
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "an integer";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class || type == Secret.class) return "a string";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (type.isRecord()) return "a mapping of keys";
        return "a " + type.getSimpleName();
    }

    private static String format(String path, String message, Map<String, String> envByPath) {
        String env = envByPath.get(path);
        return path + ": " + message + (env == null ? "" : " (from " + env + ")");
    }
}
