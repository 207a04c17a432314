package org.dialtone.http.sse;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.dialtone.core.event.EventType;
import org.dialtone.events.EventFilter;

/**
 * The parsed options of one stream request: filters ({@code extension}, {@code event}, comma-separated or repeated)
 * and the id to resume after ({@code Last-Event-ID} header, else the {@code last_event_id} query parameter; the
 * header wins because a browser's EventSource sends it on reconnect while its URL keeps the first value). The
 * {@code access_token} parameter is authentication, not an option: {@link #accessToken} reads it, nothing else does.
 */
record StreamRequest(EventFilter filter, OptionalLong lastEventId) {
    /** {@code access_token} is read (and checked) by the stream before this parsing; known here so it is not refused. */
    static final String ACCESS_TOKEN = "access_token";
    static final Set<String> PARAMETERS = Set.of("extension", "event", "last_event_id", ACCESS_TOKEN);
    private static final Pattern EXTENSION = Pattern.compile("\\+?[0-9*#]{1,20}");
    private static final Pattern EVENT_ID = Pattern.compile("[0-9]{1,18}");

    /** A request option that cannot be used; {@code field} is the parameter or header name. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    static StreamRequest parse(Map<String, List<String>> query, String lastEventIdHeader) throws Invalid {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new Invalid(name, "Unknown query parameter '" + name + "'; known: access_token, event, extension, last_event_id");
            }
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : values(query, "event")) types.add(eventType(name));
        Set<String> extensions = new LinkedHashSet<>();
        for (String number : values(query, "extension")) {
            if (!EXTENSION.matcher(number).matches()) {
                throw new Invalid("extension", "extension must be 1-20 digits, got '" + number + "'");
            }
            extensions.add(number);
        }
        OptionalLong lastId = OptionalLong.empty();
        if (lastEventIdHeader != null && !lastEventIdHeader.isBlank()) {
            lastId = OptionalLong.of(eventId("Last-Event-ID", lastEventIdHeader));
        } else {
            List<String> fromQuery = query.getOrDefault("last_event_id", List.of());
            if (fromQuery.size() > 1) throw new Invalid("last_event_id", "last_event_id given more than once");
            if (fromQuery.size() == 1) lastId = OptionalLong.of(eventId("last_event_id", fromQuery.get(0)));
        }
        return new StreamRequest(new EventFilter(types, extensions), lastId);
    }

    /**
     * The token of the {@code access_token} query parameter (for clients that cannot send {@code Authorization});
     * null when absent or given more than once. Never put into an error message or a log line.
     */
    static String accessToken(Map<String, List<String>> query) {
        List<String> given = query.getOrDefault(ACCESS_TOKEN, List.of());
        return given.size() == 1 ? given.get(0) : null;
    }

    private static List<String> values(Map<String, List<String>> query, String name) throws Invalid {
        List<String> out = new java.util.ArrayList<>();
        for (String raw : query.getOrDefault(name, List.of())) {
            for (String part : raw.split(",", -1)) {
                String v = part.strip();
                if (v.isEmpty()) throw new Invalid(name, name + " must not be empty");
                out.add(v);
            }
        }
        return out;
    }

    /** {@code dial_begin} or {@code chan.dial_begin}. */
    private static EventType eventType(String name) throws Invalid {
        String wire = name.startsWith("chan.") ? name.substring(5) : name;
        for (EventType t : EventType.values()) if (t.wire().equals(wire)) return t;
        StringBuilder known = new StringBuilder();
        for (EventType t : EventType.values()) known.append(known.isEmpty() ? "" : ", ").append(t.wire());
        throw new Invalid("event", "Unknown event '" + name + "'; known: " + known);
    }

    private static long eventId(String field, String value) throws Invalid {
        String v = value.strip();
        if (!EVENT_ID.matcher(v).matches()) throw new Invalid(field, field + " must be a non-negative event id, got '" + value + "'");
        return Long.parseLong(v);
    }
}
