package org.dialtone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SIP messages one sipp process sent and received, read from its {@code -trace_msg} log
 * ({@code <scenario>_<pid>_messages.log}), so a test can assert what a carrier was really sent: the Request-URI of
 * an INVITE, its From and P-Asserted-Identity, a CANCEL, the digest in a Proxy-Authorization.
 *
 * <p>sipp 3.6.1 writes each message as
 * <pre>
 * ----------------------------------------------- 2026-12-01 15:06:04.080526
 * UDP message received [595] bytes :
 *
 * INVITE sip:+12025550111@127.0.0.3:25090 SIP/2.0
 * ...
 * </pre>
 * ({@code UDP message sent (253 bytes):} for what it sent).
 */
public final class SippMessageLog {
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^-{20,} \\d{4}-\\d{2}-\\d{2} [0-9:.]+\\s*$");

    private SippMessageLog() {}

    /** One SIP message as sipp logged it. */
    public record Message(boolean received, String startLine, List<String> headerLines, String body) {
        public boolean isRequest(String method) { return startLine.startsWith(method + " "); }

        public boolean isResponse(int status) { return startLine.startsWith("SIP/2.0 " + status + " "); }

        /** The Request-URI of a request, e.g. {@code sip:+18003569377@127.0.0.2:5090}. */
        public String requestUri() {
            String[] parts = startLine.split(" ");
            if (parts.length < 3 || startLine.startsWith("SIP/")) throw new IllegalStateException("not a request: " + startLine);
            return parts[1];
        }

        /** The user part of the Request-URI ({@code +18003569377}). */
        public String requestUser() {
            String uri = requestUri();
            int colon = uri.indexOf(':');
            int at = uri.indexOf('@');
            return at < 0 ? "" : uri.substring(colon + 1, at);
        }

        /** The value of the first header {@code name} (case-insensitive, long form only), if present. */
        public Optional<String> header(String name) {
            return headers(name).stream().findFirst();
        }

        /** The values of every header {@code name}, in order. */
        public List<String> headers(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            List<String> out = new ArrayList<>();
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) out.add(line.substring(prefix.length()).strip());
            }
            return out;
        }

        @Override
        public String toString() {
            return (received ? "received: " : "sent: ") + startLine;
        }
    }

    /** Every message logged in {@code sippDir} (all {@code *_messages.log} files there), oldest first. */
    public static List<Message> read(Path sippDir) {
        List<Message> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(sippDir)) {
            for (Path log : files.filter(p -> p.getFileName().toString().endsWith("_messages.log")).sorted().toList()) {
                out.addAll(parse(Files.readString(log, StandardCharsets.ISO_8859_1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Parses the text of one {@code -trace_msg} log. Entries that are not a sent or received message are skipped. */
    public static List<Message> parse(String log) {
        List<Message> out = new ArrayList<>();
        for (String entry : SEPARATOR.split(log.replace("\r", ""))) {
            List<String> lines = entry.lines().toList();
            int i = 0;
            while (i < lines.size() && lines.get(i).isBlank()) i++;
            if (i >= lines.size()) continue;
            String what = lines.get(i);
            boolean received = what.contains("message received");
            if (!received && !what.contains("message sent")) continue;
            i++;
            while (i < lines.size() && lines.get(i).isBlank()) i++;
            if (i >= lines.size()) continue;
            String start = lines.get(i++).strip();
            List<String> headers = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).isEmpty()) headers.add(lines.get(i++).strip());
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.size(); i++) body.append(lines.get(i)).append('\n');
            out.add(new Message(received, start, List.copyOf(headers), body.toString().strip()));
        }
        return out;
    }
}
