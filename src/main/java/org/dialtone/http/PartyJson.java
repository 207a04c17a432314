package org.dialtone.http;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dialtone.core.event.PartyInfo;

/**
 * The JSON of a call's party, as the events and the read endpoints both show it (so a client that reconnects can
 * rebuild its view from either), and the API's times: plain epoch seconds with fractions.
 */
public final class PartyJson {
    private PartyJson() {}

    /** Every documented attribute in snake_case, absent values as {@code null}; null for no party. */
    public static Map<String, Object> of(PartyInfo p) {
        if (p == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", p.state());
        m.put("number", p.number());
        m.put("name", p.name());
        m.put("device", p.device());
        m.put("channel_id", p.channelId());
        m.put("answered_time", p.answeredTime() == null ? null : seconds(p.answeredTime()));
        m.put("dial_status", p.dialStatus());
        m.put("connected_name", p.connectedName());
        m.put("connected_number", p.connectedNumber());
        m.put("connected_device", p.connectedDevice());
        return m;
    }

    /** 1716123456.789 rather than 1.716123456789E9 (and 1716123456, not 1.716123456E+9, for a whole second). */
    public static BigDecimal seconds(double epochSeconds) {
        BigDecimal b = BigDecimal.valueOf(epochSeconds);
        return b.scale() < 0 ? b.setScale(0) : b;
    }

    /** Epoch seconds with milliseconds as fraction (none for a whole second); null for null. */
    public static BigDecimal seconds(Instant time) {
        if (time == null) return null;
        BigDecimal b = BigDecimal.valueOf(time.toEpochMilli(), 3).stripTrailingZeros();
        return b.scale() < 0 ? b.setScale(0) : b;
    }
}
