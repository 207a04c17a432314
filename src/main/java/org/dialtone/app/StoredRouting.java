package org.dialtone.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dialtone.app.config.DialtoneConfig;
import org.dialtone.app.config.RoutingConfig;
import org.dialtone.core.dialplan.CustomerRouting;
import org.dialtone.core.dialplan.DialPlan;
import org.dialtone.core.dialplan.RingGroup;
import org.dialtone.core.dialplan.RoutingRepository;

/**
 * What the dial plan routes by: each customer's country code, main number, trunks and caller ids from the
 * configuration, with the ring groups and DIDs as stored (the configuration's and the management API's). Applied at
 * start and after every routing change through the API.
 */
public final class StoredRouting {
    private StoredRouting() {}

    public static void apply(DialtoneConfig cfg, RoutingRepository stored, DialPlan plan) {
        Map<String, List<RingGroup>> groups = new LinkedHashMap<>();
        for (RingGroup g : stored.ringGroups()) groups.computeIfAbsent(g.customerCode(), c -> new ArrayList<>()).add(g);
        Map<String, CustomerRouting> routing = new LinkedHashMap<>(RoutingConfig.customerRouting(cfg));
        for (String code : groups.keySet()) routing.putIfAbsent(code, CustomerRouting.none(code));
        List<CustomerRouting> out = new ArrayList<>();
        for (CustomerRouting r : routing.values()) {
            out.add(new CustomerRouting(r.customerCode(), r.countryCode(), r.mainNumber(), r.outboundTrunks(),
                    r.extensionCallerIds(), groups.getOrDefault(r.customerCode(), List.of())));
        }
        plan.update(out, stored.dids());
    }
}
