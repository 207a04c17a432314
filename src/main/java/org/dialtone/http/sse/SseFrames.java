package org.dialtone.http.sse;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.events.Gap;
import org.dialtone.http.PartyJson;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Events framing for channel events: {@code id:}, {@code event: chan.<name>} and one line of JSON
 * {@code data:}, each frame ended by a blank line; plus {@code retry:} and comment frames. The JSON carries every
 * documented attribute in snake_case, absent values as {@code null}, times as plain epoch seconds with fractions.
 */
final class SseFrames {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SseFrames() {}

    static byte[] event(long id, ChannelEvent event) {
        return frame(Long.toString(id), "chan." + event.type().wire(), JSON.writeValueAsString(payload(event)));
    }

    /** The notice that events after {@code gap.lastEventId()} were lost; carries no {@code id:} (it is not replayable). */
    static byte[] gap(Gap gap, String customerCode, long nowMillis) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("event", "gap");
        data.put("event_time", seconds(nowMillis / 1000.0));
        data.put("customer_code", customerCode);
        data.put("last_event_id", gap.lastEventId());
        data.put("first_available_id", gap.firstBufferedId() == 0 ? null : gap.firstBufferedId());
        data.put("latest_id", gap.latestId());
        return frame(null, "chan.gap", JSON.writeValueAsString(data));
    }

    static byte[] retry(int millis) { return ascii("retry: " + millis + "\n\n"); }

    static byte[] comment(String text) { return ascii(": " + text + "\n\n"); }

    static Map<String, Object> payload(ChannelEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unique_id", e.uniqueId());
        m.put("linked_id", e.linkedId());
        m.put("event_time", seconds(e.eventTime()));
        m.put("event", e.type().wire());
        m.put("direction", e.direction());
        m.put("customer_code", e.customerCode());
        m.put("caller", party(e.caller()));
        m.put("callee", party(e.callee()));
        m.put("channel", party(e.channel()));
        return m;
    }

    private static Map<String, Object> party(PartyInfo p) { return PartyJson.of(p); }

    private static BigDecimal seconds(double epochSeconds) { return PartyJson.seconds(epochSeconds); }

    private static byte[] frame(String id, String event, String json) {
        // Jackson escapes control characters inside strings, so the JSON is one line
        StringBuilder sb = new StringBuilder(json.length() + 64);
        if (id != null) sb.append("id: ").append(id).append('\n');
        sb.append("event: ").append(event).append('\n');
        sb.append("data: ").append(json).append("\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
