package org.dialtone.e2e;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deliberately strict reader of Dialtone's event stream, fed line by line: only {@code id:}, {@code event:},
 * {@code data:} and {@code retry:} fields (each written "name: value"), comments, and blank lines ending a frame. An
 * event frame must have exactly one {@code event: chan.*} and exactly one {@code data:} line of JSON whose
 * {@code event} attribute matches the frame's event name. Anything else throws, with the line in the message.
 */
final class StrictSseParser {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Frame(String id, String event, String data, JsonNode json) {}

    private final List<Frame> frames = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<Integer> retries = new ArrayList<>();
    private String id;
    private String event;
    private String data;
    private int lineNo;

    synchronized void line(String line) {
        lineNo++;
        if (line.isEmpty()) {
            endFrame();
            return;
        }
        if (line.startsWith(":")) {
            comments.add(line.substring(1).strip());
            return;
        }
        int colon = line.indexOf(':');
        if (colon < 0 || !line.startsWith(": ", colon)) fail("field without ': '", line);
        String name = line.substring(0, colon);
        String value = line.substring(colon + 2);
        switch (name) {
            case "id" -> {
                if (id != null) fail("second id in one frame", line);
                if (!value.matches("[1-9][0-9]*")) fail("id is not a positive decimal", line);
                id = value;
            }
            case "event" -> {
                if (event != null) fail("second event in one frame", line);
                if (!value.matches("chan\\.[a-z_]+")) fail("event name is not chan.<name>", line);
                event = value;
            }
            case "data" -> {
                if (data != null) fail("second data line (JSON must be one line)", line);
                data = value;
            }
            case "retry" -> {
                if (id != null || event != null || data != null) fail("retry inside an event frame", line);
                if (!value.matches("[0-9]+")) fail("retry is not an integer", line);
                retries.add(Integer.parseInt(value));
            }
            default -> fail("unknown field " + name, line);
        }
    }

    private void endFrame() {
        if (id == null && event == null && data == null) return; // blank line after retry/comment
        if (event == null) fail("frame without event:", "");
        if (data == null) fail("frame without data:", "");
        if (id == null && !event.equals("chan.gap")) fail("event frame without id: " + event, "");
        JsonNode json;
        try {
            json = JSON.readTree(data);
        } catch (RuntimeException e) {
            throw new AssertionError("line " + lineNo + ": data is not JSON: " + data, e);
        }
        if (!json.isObject()) fail("data is not a JSON object", data);
        if (!("chan." + json.path("event").asString()).equals(event)) fail("JSON event does not match " + event, data);
        frames.add(new Frame(id, event, data, json));
        id = null;
        event = null;
        data = null;
    }

    private void fail(String why, String line) {
        throw new AssertionError("SSE line " + lineNo + ": " + why + ": '" + line + "'");
    }

    synchronized List<Frame> frames() { return List.copyOf(frames); }
    synchronized List<String> comments() { return List.copyOf(comments); }
    synchronized List<Integer> retries() { return List.copyOf(retries); }
}
