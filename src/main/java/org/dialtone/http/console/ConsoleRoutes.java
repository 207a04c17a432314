package org.dialtone.http.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.dialtone.http.ApiError;

/**
 * Serves the receptionist console: the static page and its ES modules and style sheet, read from the jar
 * ({@code org/dialtone/console/}) once and kept in memory. {@code /console} and {@code /console/} are the page, which
 * names its files by absolute path ({@code /console/app.js}), so both addresses work. A file is looked up only when its
 * name is a plain {@code name.ext} with a known extension: no path (so no {@code ..}), nothing else in the jar.
 * <p>
 * Every answer carries a strict Content-Security-Policy (scripts, styles and connections from this origin only; no
 * inline script or style, no frames, no plugins), {@code X-Content-Type-Options: nosniff} and no referrer.
 * {@code Cache-Control: no-cache} with an {@code ETag}: a browser revalidates each file (a {@code 304} costs a few
 * bytes), so a new jar is picked up at the next load without stale modules mixing with new ones.
 * <p>
 * No token is needed for these files: they hold no data. Everything the page shows comes from the API, with the token
 * the user types in.
 */
public final class ConsoleRoutes implements Consumer<RoutesConfig> {
    public static final String PATH = "/console";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    private static final String RESOURCES = "/org/dialtone/console/";
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|js|css|svg|png|txt)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");

    /** A file of the console with what its response needs. */
    record Asset(byte[] body, String contentType, String etag) {}

    /** The files found so far. Only found ones: remembering misses would let a scanner grow this map without end. */
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    @Override
    public void accept(RoutesConfig routes) {
        routes.get(PATH, ctx -> serve(ctx, "index.html"));
        routes.get(PATH + "/", ctx -> serve(ctx, "index.html"));
        routes.get(PATH + "/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private void serve(Context ctx, String name) {
        securityHeaders(ctx);
        Optional<Asset> asset = FILE_NAME.matcher(name).matches() ? asset(name) : Optional.empty();
        if (asset.isEmpty()) {
            ApiError.send(ctx, 404, "not_found", "No such console file: " + name, null);
            return;
        }
        Asset a = asset.get();
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", a.etag());
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.contentType()).result(a.body());
    }

    private Optional<Asset> asset(String name) {
        Asset known = assets.get(name);
        if (known != null) return Optional.of(known);
        Optional<Asset> loaded = load(name);
        loaded.ifPresent(a -> assets.putIfAbsent(name, a));
        return loaded;
    }

    /** How many files are held in memory (for tests: never more than the console has). */
    int cached() { return assets.size(); }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    /** The file {@code name} from the jar, or empty when there is none. */
    static Optional<Asset> load(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) return Optional.empty();
            byte[] body = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(body, TYPES.get(extension), etag(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("console file " + name + " unreadable", e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
