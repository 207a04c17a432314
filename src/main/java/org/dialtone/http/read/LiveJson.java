package org.dialtone.http.read;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dialtone.core.call.ExtensionStatus;
import org.dialtone.core.call.LiveChannel;
import org.dialtone.core.call.LiveSpot;
import org.dialtone.core.location.Registration;
import org.dialtone.http.PartyJson;

/** The JSON of the live state: a channel as an event's body shows it (without event and event_time), a spot, an extension. */
final class LiveJson {
    private LiveJson() {}

    static Map<String, Object> channel(LiveChannel c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unique_id", c.uniqueId());
        m.put("linked_id", c.linkedId());
        m.put("direction", c.direction());
        m.put("customer_code", c.customerCode());
        m.put("caller", PartyJson.of(c.caller()));
        m.put("callee", PartyJson.of(c.callee()));
        m.put("channel", PartyJson.of(c.channel()));
        m.put("channel_id", c.channelId());
        m.put("created_time", PartyJson.seconds(c.createdAt()));
        m.put("on_hold", c.onHold());
        m.put("parked_at", c.parkedAt());
        m.put("bridged_with", c.bridgedWith());
        return m;
    }

    static Map<String, Object> spot(LiveSpot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spot", s.spot());
        m.put("occupied", s.occupied());
        if (!s.occupied()) return m;
        LiveChannel c = s.channel();
        m.put("channel_id", c.channelId());
        m.put("unique_id", c.uniqueId());
        m.put("linked_id", c.linkedId());
        m.put("caller", person(c.channel().number(), c.channel().name()));
        m.put("parked_by", s.parkerNumber() == null ? null : person(s.parkerNumber(), s.parkerName()));
        m.put("parked_time", PartyJson.seconds(s.parkedAt()));
        m.put("timeout_time", PartyJson.seconds(s.timeoutAt()));
        m.put("channel", channel(c));
        return m;
    }

    static Map<String, Object> extension(ExtensionStatus e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", e.extension().number());
        m.put("name", e.extension().displayName());
        m.put("status", e.status().wire());
        m.put("devices", e.devices().stream().map(LiveJson::device).toList());
        return m;
    }

    private static Map<String, Object> device(Registration r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_agent", r.userAgent());
        m.put("address", r.transport() == null ? r.source() : r.transport().toLowerCase(Locale.ROOT) + ":" + r.source());
        m.put("expires_time", PartyJson.seconds(r.expiresAt()));
        return m;
    }

    private static Map<String, Object> person(String number, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", number);
        m.put("name", name);
        return m;
    }
}
