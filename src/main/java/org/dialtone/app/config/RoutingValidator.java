package org.dialtone.app.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dialtone.app.config.ConfigValidator.Problem;
import org.dialtone.app.config.DialtoneConfig.CustomerConfig;
import org.dialtone.app.config.DialtoneConfig.DidConfig;
import org.dialtone.app.config.DialtoneConfig.ExtensionConfig;
import org.dialtone.app.config.DialtoneConfig.RingGroupConfig;
import org.dialtone.app.config.DialtoneConfig.TrunkConfig;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.parking.ParkingLot;
import org.dialtone.core.trunk.Cidr;

/**
 * The trunk and routing checks of {@link ConfigValidator}: {@code trunks[i]} and, per customer, country code, caller
 * ids, outbound trunks, DIDs and ring groups. Every problem names its key path; a password is never echoed.
 */
final class RoutingValidator {
    static final String TRUNK_NAME = "[a-z0-9_-]{1,32}";
    static final String E164 = "\\+[1-9]\\d{6,14}";
    static final String COUNTRY_CODE = "[1-9]\\d{0,2}";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String HOST_NAME = LABEL + "(?:\\." + LABEL + ")*\\.?";

    private final List<Problem> problems;
    private final ParkingLot<Object> parking;
    private final Set<String> trunkNames = new HashSet<>();
    /** E.164 DID → where it was first declared, across all customers. */
    private final Map<String, String> didPlaces = new HashMap<>();

    private RoutingValidator(List<Problem> problems, DialtoneConfig.Parking parking) {
        this.problems = problems;
        this.parking = parking.firstSpot() <= parking.lastSpot()
                ? new ParkingLot<>(parking.firstSpot(), parking.lastSpot(), Duration.ZERO)
                : null;
    }

    /** Adds the problems of {@code config}'s trunks and customer routing to {@code problems}. */
    static void validate(DialtoneConfig config, List<Problem> problems) {
        RoutingValidator v = new RoutingValidator(problems, config.parking());
        List<TrunkConfig> trunks = config.trunks();
        Map<String, String> namePlaces = new HashMap<>();
        for (int i = 0; i < trunks.size(); i++) v.trunk("trunks[" + i + "]", trunks.get(i), namePlaces);
        List<CustomerConfig> customers = config.customers();
        for (int i = 0; i < customers.size(); i++) {
            if (customers.get(i) != null) v.customer("customers[" + i + "]", customers.get(i));
        }
    }

    private void trunk(String at, TrunkConfig t, Map<String, String> namePlaces) {
        if (t == null) {
            problem(at, "must be a mapping of keys");
            return;
        }
        if (t.name() == null || !t.name().matches(TRUNK_NAME)) {
            problem(at + ".name", "must be 1-32 of a-z, 0-9, _ and -, got " + quote(t.name()));
        } else if (namePlaces.containsKey(t.name())) {
            problem(at + ".name", "duplicate trunk name " + t.name() + " (also at " + namePlaces.get(t.name()) + ")");
        } else {
            namePlaces.put(t.name(), at + ".name");
        }
        if (t.name() != null) trunkNames.add(t.name());
        if (t.host() == null || t.host().isBlank()) {
            problem(at + ".host", "must not be empty");
        } else if (!isHost(t.host())) {
            problem(at + ".host", "must be an IP address or a host name (no port: set " + at + ".port), got "
                    + quote(t.host()));
        }
        if (t.port() < 1 || t.port() > 65535) problem(at + ".port", "must be 1-65535, got " + t.port());
        String transport = t.transport().strip().toLowerCase(java.util.Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            problem(at + ".transport", "must be udp or tcp, got " + quote(t.transport()));
        }
        if (t.outboundProxy() != null && !isHostAndPort(t.outboundProxy())) {
            problem(at + ".outbound_proxy", "must be host:port (an IPv6 address in brackets), got " + quote(t.outboundProxy()));
        }
        credentials(at, t);
        if (t.registerExpirySeconds() < 60 || t.registerExpirySeconds() > 86_400) {
            problem(at + ".register_expiry_seconds", "must be 60-86400, got " + t.registerExpirySeconds());
        }
        List<String> networks = t.inboundNetworks();
        for (int k = 0; k < networks.size(); k++) {
            try {
                Cidr.parse(networks.get(k));
            } catch (IllegalArgumentException e) {
                problem(at + ".inbound_networks[" + k + "]", "must be a network like 192.0.2.0/24 or 2001:db8::/32 "
                        + "(" + e.getMessage() + "), got " + quote(networks.get(k)));
            }
        }
        if (t.maxChannels() < 0) problem(at + ".max_channels", "must be 0 (no limit) or more, got " + t.maxChannels());
        var format = NumberFormat.fromWire(t.numberFormat());
        if (format.isEmpty()) {
            problem(at + ".number_format", "must be e164_plus, e164 or national, got " + quote(t.numberFormat()));
        }
        if (t.countryCode() != null && !t.countryCode().matches(COUNTRY_CODE)) {
            problem(at + ".country_code", "must be 1-3 digits not starting with 0, got " + quote(t.countryCode()));
        } else if (t.countryCode() == null && format.orElse(null) == NumberFormat.NATIONAL) {
            problem(at + ".country_code", "must be set when number_format is national");
        }
        int options = t.optionsIntervalSeconds();
        if (options != 0 && options < 5) {
            problem(at + ".options_interval_seconds", "must be 0 (no keepalive) or at least 5, got " + options);
        }
    }

    /** Username and password go together; REGISTER needs them. The password itself is never shown. */
    private void credentials(String at, TrunkConfig t) {
        boolean hasUser = t.username() != null;
        boolean hasPassword = t.password() != null;
        if (hasUser && t.username().isBlank()) problem(at + ".username", "must not be empty when set");
        if (hasPassword && t.password().isEmpty()) problem(at + ".password", "must not be empty when set");
        if (hasUser && !hasPassword) problem(at + ".password", "must be set when username is");
        if (hasPassword && !hasUser) problem(at + ".username", "must be set when password is");
        if (t.register() && !hasUser && !hasPassword) {
            problem(at + ".register", "needs username and password (the carrier challenges REGISTER)");
        }
    }

    private void customer(String at, CustomerConfig c) {
        String countryCode = c.countryCode();
        if (countryCode != null && !countryCode.matches(COUNTRY_CODE)) {
            problem(at + ".country_code", "must be 1-3 digits not starting with 0, got " + quote(countryCode));
            countryCode = null; // DIDs are then checked as E.164 only
        }
        e164(at + ".main_number", c.mainNumber());
        Set<String> extensions = new HashSet<>();
        for (int j = 0; j < c.extensions().size(); j++) {
            ExtensionConfig e = c.extensions().get(j);
            if (e == null) continue;
            if (e.number() != null) extensions.add(e.number());
            e164(at + ".extensions[" + j + "].caller_id_number", e.callerIdNumber());
        }
        outboundTrunks(at, c.outboundTrunks());
        Set<String> groups = ringGroups(at, c.ringGroups(), extensions);
        dids(at, c.dids(), countryCode, extensions, groups);
    }

    private void outboundTrunks(String at, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            String path = at + ".outbound_trunks[" + k + "]";
            if (name == null || !trunkNames.contains(name)) {
                problem(path, "unknown trunk name " + quote(name) + " (not in trunks)");
            } else if (!seen.add(name)) {
                problem(path, "trunk " + name + " is listed twice");
            }
        }
    }

    /** Checks the ring groups; returns their valid numbers. */
    private Set<String> ringGroups(String at, List<RingGroupConfig> groups, Set<String> extensions) {
        Map<String, String> numbers = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            String path = at + ".ring_groups[" + g + "]";
            RingGroupConfig group = groups.get(g);
            if (group == null) {
                problem(path, "must be a mapping of keys");
                continue;
            }
            String number = group.number();
            var badNumber = ConfigRules.ringGroupNumber(number, extensions, this::isSpot);
            if (badNumber.isPresent()) {
                problem(path + ".number", badNumber.get());
            } else if (numbers.containsKey(number)) {
                problem(path + ".number", "duplicate ring group number " + number + " (also at " + numbers.get(number) + ")");
            } else {
                numbers.put(number, path + ".number");
            }
            ConfigRules.notBlank(group.name()).ifPresent(message -> problem(path + ".name", message));
            members(path, group.members(), extensions);
            Integer timeout = group.ringTimeoutSeconds();
            ConfigRules.ringTimeout(timeout).ifPresent(message -> problem(path + ".ring_timeout_seconds", message));
        }
        return numbers.keySet();
    }

    private void members(String groupPath, List<String> members, Set<String> extensions) {
        ConfigRules.ringGroupMembers(members, extensions).forEach((m, message) ->
                problem(groupPath + ".members" + (m < 0 ? "" : "[" + m + "]"), message));
    }

    private void dids(String at, List<DidConfig> dids, String countryCode, Set<String> extensions, Set<String> groups) {
        for (int d = 0; d < dids.size(); d++) {
            String path = at + ".dids[" + d + "]";
            DidConfig did = dids.get(d);
            if (did == null) {
                problem(path, "must be a mapping of keys");
                continue;
            }
            var e164 = RoutingConfig.didNumber(did.number(), countryCode);
            if (e164.isEmpty()) {
                problem(path + ".number", ConfigRules.didNumber(did.number(), countryCode).orElseThrow());
            } else if (didPlaces.containsKey(e164.get())) {
                problem(path + ".number", "DID " + e164.get() + " is declared twice (also at "
                        + didPlaces.get(e164.get()) + "); a DID belongs to exactly one customer");
            } else {
                didPlaces.put(e164.get(), path + ".number");
            }
            ConfigRules.didDestination(did.destination(), extensions, groups, this::isSpot)
                    .ifPresent(message -> problem(path + ".destination", message));
        }
    }

    private void e164(String path, String number) {
        if (number != null && !number.matches(E164)) {
            problem(path, "must be an E.164 number (+ and 7-15 digits, the first not 0), got " + quote(number));
        }
    }

    private boolean isSpot(String number) { return parking != null && parking.contains(number); }

    /** An IP literal (IPv6 with or without brackets) or a DNS name; never resolved here. */
    static boolean isHost(String host) {
        return host.equals(host.strip()) && (Cidr.isIpLiteral(host) || host.matches(HOST_NAME));
    }

    /** {@code host:port}, {@code [v6]:port}; the port 1-65535. */
    static boolean isHostAndPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) return false;
        String host = value.substring(0, colon);
        String port = value.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) return false;
        if (host.startsWith("[")) return host.endsWith("]") && Cidr.isIpLiteral(host);
        return host.indexOf(':') < 0 && isHost(host);
    }

    private void problem(String path, String message) { problems.add(new Problem(path, message)); }

    private static String quote(String value) { return value == null ? "nothing" : "\"" + value + "\""; }
}
