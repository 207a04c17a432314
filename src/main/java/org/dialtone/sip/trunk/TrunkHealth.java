package org.dialtone.sip.trunk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trunks' part of {@code /health}: {@code {"carrier1": {"up": true, "registered": false}, ...}}, with
 * {@code registered} only for trunks that register. A trunk being down is information, not ill health of the switch.
 */
public final class TrunkHealth {
    private TrunkHealth() {}

    public static Map<String, Object> details(Trunks trunks) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (TrunkState s : trunks.all()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("up", s.isUp());
            if (s.trunk().register()) one.put("registered", s.isRegistered());
            all.put(s.name(), one);
        }
        return all;
    }
}
