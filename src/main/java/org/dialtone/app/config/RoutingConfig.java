package org.dialtone.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dialtone.app.config.DialtoneConfig.CustomerConfig;
import org.dialtone.app.config.DialtoneConfig.DidConfig;
import org.dialtone.app.config.DialtoneConfig.ExtensionConfig;
import org.dialtone.app.config.DialtoneConfig.RingGroupConfig;
import org.dialtone.app.config.DialtoneConfig.TrunkConfig;
import org.dialtone.core.dialplan.CustomerRouting;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.dialplan.OutsideNumbers;
import org.dialtone.core.dialplan.RingGroup;
import org.dialtone.core.trunk.Cidr;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.core.trunk.TrunkCredentials;

/**
 * The routing part of a validated {@link DialtoneConfig} (trunks, DIDs, ring groups, caller ids) as the core's types.
 * Call only on a configuration {@link ConfigLoader#load} accepted: values are not checked again here.
 */
public final class RoutingConfig {
    private RoutingConfig() {}

    /**
     * The declared trunks, in declaration order. Inbound networks are in canonical CIDR form; a trunk without any
     * gets {@code host/32} (or {@code /128}) when its host is an IP literal, else none (it then accepts no calls).
     */
    public static List<Trunk> trunks(DialtoneConfig config) {
        List<Trunk> out = new ArrayList<>();
        for (TrunkConfig t : config.trunks()) {
            TrunkCredentials credentials = t.username() != null && t.password() != null
                    ? new TrunkCredentials(t.username(), t.password().reveal())
                    : null;
            NumberFormat format = NumberFormat.fromWire(t.numberFormat()).orElseThrow();
            out.add(new Trunk(t.name(), t.host(), t.port(), t.transport().strip().toLowerCase(Locale.ROOT),
                    t.outboundProxy(), credentials, t.register(), Duration.ofSeconds(t.registerExpirySeconds()),
                    inboundNetworks(t), t.maxChannels(), format, Duration.ofSeconds(t.optionsIntervalSeconds()),
                    t.countryCode()));
        }
        return List.copyOf(out);
    }

    /** Each declared customer's routing, by customer code (in declaration order). */
    public static Map<String, CustomerRouting> customerRouting(DialtoneConfig config) {
        Map<String, CustomerRouting> out = new LinkedHashMap<>();
        for (CustomerConfig c : config.customers()) {
            Map<String, String> callerIds = new LinkedHashMap<>();
            for (ExtensionConfig e : c.extensions()) {
                if (e.callerIdNumber() != null) callerIds.put(e.number(), e.callerIdNumber());
            }
            out.put(c.code(), new CustomerRouting(c.code(), c.countryCode(), c.mainNumber(), c.outboundTrunks(),
                    callerIds, ringGroups(c)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every customer's DIDs, numbers in E.164 with {@code +}, in declaration order. */
    public static List<Did> dids(DialtoneConfig config) {
        List<Did> out = new ArrayList<>();
        for (CustomerConfig c : config.customers()) {
            for (DidConfig d : c.dids()) {
                String e164 = didNumber(d.number(), c.countryCode()).orElseThrow(() ->
                        new IllegalArgumentException("DID of customer " + c.code() + " is not a number (config not validated?)"));
                out.add(new Did(e164, c.code(), d.destination()));
            }
        }
        return List.copyOf(out);
    }

    /** Every customer's ring groups, in declaration order. */
    public static List<RingGroup> ringGroups(DialtoneConfig config) {
        List<RingGroup> out = new ArrayList<>();
        for (CustomerConfig c : config.customers()) out.addAll(ringGroups(c));
        return List.copyOf(out);
    }

    /**
     * A DID as written in the configuration, in E.164 with {@code +}: {@code +} and 7-15 digits always; with a
     * customer country code also what {@link OutsideNumbers#toE164} reads (national {@code 0...}, {@code 00...}, NANP
     * 10 or 11 digits). Empty when it is none of these.
     */
    public static Optional<String> didNumber(String number, String countryCode) {
        if (number == null) return Optional.empty();
        String n = number.strip();
        if (n.startsWith("+")) return OutsideNumbers.toE164(n, null);
        return countryCode == null ? Optional.empty() : OutsideNumbers.toE164(n, countryCode);
    }

    private static List<RingGroup> ringGroups(CustomerConfig c) {
        List<RingGroup> out = new ArrayList<>();
        for (RingGroupConfig g : c.ringGroups()) {
            Duration timeout = g.ringTimeoutSeconds() == null ? null : Duration.ofSeconds(g.ringTimeoutSeconds());
            out.add(new RingGroup(c.code(), g.number(), g.name(), g.members(), timeout));
        }
        return out;
    }

    private static List<String> inboundNetworks(TrunkConfig t) {
        if (t.inboundNetworks().isEmpty()) {
            return Cidr.ofAddress(t.host()).map(cidr -> List.of(cidr.toString())).orElse(List.of());
        }
        return t.inboundNetworks().stream().map(n -> Cidr.parse(n).toString()).toList();
    }
}
