package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.PhoneSpec;
import org.dialtone.testing.Sipp;

/**
 * A real Dialtone ({@link SwitchFixture}'s customers, extensions and tokens) with SIP trunks to two carriers on their
 * own loopback addresses, so the switch tells them from phones (127.0.0.1) by source address:
 * <ul>
 *   <li>{@code carrier1} on 127.0.0.2, {@code carrier2} on 127.0.0.3, each on a free port, inbound networks their
 *       own /32, OPTIONS keepalive off ({@code options_interval_seconds: 0}) unless a test turns it on;</li>
 *   <li>customer 1000001: {@code country_code "1"}, {@code main_number} {@value #MAIN_NUMBER},
 *       {@code outbound_trunks [carrier1, carrier2]}, ring group 600 "Sales" (200, 201), DIDs {@value #MAIN_NUMBER}
 *       → 600, {@value #BOB_DID} → extension 201, {@value #PARKING_DID} → spot 703; extension 226 has
 *       {@code caller_id_number} {@value #RECEPTION_CALLER_ID}.</li>
 * </ul>
 * Every part can be changed through the {@link Builder} (trunk keys, customer keys, extension keys, environment).
 * Carriers are sipp scenarios bound to a trunk's address and port ({@link #carrier(String, String)}), or a sipp
 * UAC calling the switch from a carrier's address ({@link #callFromCarrier}).
 */
public final class TrunkFixture implements AutoCloseable {
    public static final String CARRIER1 = "carrier1";
    public static final String CARRIER2 = "carrier2";
    /** Customer 1000001's main number (outside caller id) and the DID of ring group 600 "Sales". */
    public static final String MAIN_NUMBER = "+12025550100";
    /** DID of extension 201 (Bob). */
    public static final String BOB_DID = "+12025550111";
    /** DID of parking spot 703. */
    public static final String PARKING_DID = "+12025550122";
    /** Extension 226's own caller id for outside calls. */
    public static final String RECEPTION_CALLER_ID = "+12025550126";
    /** The calling party the carrier scenarios send by default (From and P-Asserted-Identity). */
    public static final String OUTSIDE_CALLER = "+13125550177";
    public static final String OUTSIDE_CALLER_NAME = "Dana Outside";

    /** A trunk as configured: its name and the carrier's address and SIP port. */
    public record Carrier(String name, String host, int port) {
        public String hostPort() { return host + ":" + port; }
    }

    /** The running switch, its phones and its event log. */
    public final SwitchFixture sw;
    private final Map<String, Carrier> carriers;

    private TrunkFixture(SwitchFixture sw, Map<String, Carrier> carriers) {
        this.sw = sw;
        this.carriers = carriers;
    }

    /** The standard trunks and customer (see the class comment). */
    public static TrunkFixture start() { return builder().start(); }

    public static Builder builder() { return new Builder(); }

    public Carrier carrier(String trunk) {
        Carrier c = carriers.get(trunk);
        if (c == null) throw new IllegalArgumentException("no trunk " + trunk + " in " + carriers.keySet());
        return c;
    }

    /** A sipp carrier for {@code trunk}: {@code scenario} bound to the trunk's address and port. Start or run it. */
    public Sipp.Builder carrier(String trunk, String scenario) {
        Carrier c = carrier(trunk);
        return Sipp.scenario(scenario).localAddress(c.host()).sipPort(c.port());
    }

    /**
     * A sipp UAC ({@code carrier-did-call.xml}, {@code carrier-did-refused.xml}) calling {@code did} on the switch
     * from {@code trunk}'s address, as {@value #OUTSIDE_CALLER} "{@value #OUTSIDE_CALLER_NAME}".
     */
    public Sipp.Builder callFromCarrier(String trunk, String scenario, String did) {
        return callFrom(carrier(trunk).host(), scenario, did);
    }

    /** As {@link #callFromCarrier}, from any loopback address (e.g. one that is no trunk's). */
    public Sipp.Builder callFrom(String address, String scenario, String did) {
        return Sipp.scenario(scenario).localAddress(address).remote("127.0.0.1:" + sw.dialtone.sipPort()).service(did)
                .key("caller", OUTSIDE_CALLER).key("caller_name", OUTSIDE_CALLER_NAME);
    }

    /**
     * A baresip phone standing in for a carrier's caller where the test must hear what the outside party hears: it
     * binds {@code trunk}'s address (so the switch takes its calls as the trunk's), registers nowhere, and calls
     * {@link #switchUri}. Its user is the calling number.
     */
    public PhoneSpec.Builder outsidePhone(String trunk, int hz) {
        return PhoneSpec.builder(OUTSIDE_CALLER).displayName(OUTSIDE_CALLER_NAME).localAddress(carrier(trunk).host())
                .tone(hz);
    }

    /** Starts a phone built by {@link #outsidePhone} (closed with the fixture). */
    public BaresipPhone phone(PhoneSpec.Builder spec) {
        return sw.phone(spec);
    }

    /** {@code sip:NUMBER@127.0.0.1:PORT}: the switch, as a carrier addresses a DID. */
    public String switchUri(String number) {
        return "sip:" + number + "@127.0.0.1:" + sw.dialtone.sipPort();
    }

    /** The switch's {@code /metrics} (Prometheus text). */
    public String metrics() {
        HttpResponse<String> r = MalformedTrafficIT.httpGet(sw.dialtone.httpPort(), "/metrics");
        assertThat(r.statusCode()).as("GET /metrics").isEqualTo(200);
        return r.body();
    }

    /**
     * The value of the sample {@code name} whose labels include every one of {@code labels} ({@code "trunk",
     * "carrier1"} ...), or null when there is none.
     */
    public static Double sample(String scrape, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= l.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) return Double.parseDouble(m.group(2));
        }
        return null;
    }

    /** Waits until {@code /metrics} reports {@code dialtone_trunk_up{trunk="<trunk>"}} as {@code up}. */
    public void awaitTrunkUp(String trunk, boolean up, Duration timeout) {
        await("dialtone_trunk_up{trunk=\"" + trunk + "\"} " + (up ? 1 : 0)).atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Double.valueOf(up ? 1 : 0).equals(sample(metrics(), "dialtone_trunk_up", "trunk", trunk)));
    }

    /** Checks that nothing is left (channels, dialogs, RTP endpoints), then closes the switch and its phones. */
    public void closeCheckingNoLeak() { sw.closeCheckingNoLeak(); }

    @Override
    public void close() { sw.close(); }

    /** Trunks, customer and extension keys of the configuration, each replaceable; YAML values as written. */
    public static final class Builder {
        private final Map<String, String> env = new HashMap<>();
        private final List<String> sip = new ArrayList<>();
        private final Map<String, Carrier> carriers = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> trunkKeys = new LinkedHashMap<>();
        private final Map<String, String> customerKeys = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> extensionKeys = new LinkedHashMap<>();
        private Integer ringGroupTimeout;

        private Builder() {
            addTrunk(CARRIER1, "127.0.0.2");
            addTrunk(CARRIER2, "127.0.0.3");
            // baresip binds its RTP socket to 0.0.0.0, so a phone standing in for a carrier on 127.0.0.2 sends its RTP
            // from 127.0.0.1: trust the carriers' loopback network as a carrier's media pool (docs/security.md)
            env.put("DIALTONE_RTP_TRUSTED_NETWORKS", "127.0.0.0/30");
            customerKeys.put("country_code", "\"1\"");
            customerKeys.put("main_number", "\"" + MAIN_NUMBER + "\"");
            customerKeys.put("outbound_trunks", "[" + CARRIER1 + ", " + CARRIER2 + "]");
            customerKeys.put("dids", "[{number: \"" + MAIN_NUMBER + "\", destination: \"600\"}, {number: \"" + BOB_DID
                    + "\", destination: \"201\"}, {number: \"" + PARKING_DID + "\", destination: \"703\"}]");
            extensionKey("226", "caller_id_number", "\"" + RECEPTION_CALLER_ID + "\"");
        }

        /**
         * Adds a trunk to a carrier on {@code host} (a loopback address) at a free port, with the defaults of the
         * standard trunks. A trunk of the same name is replaced.
         */
        public Builder addTrunk(String name, String host) {
            int port = FreePorts.udpAndTcp(host);
            carriers.put(name, new Carrier(name, host, port));
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("host", host);
            keys.put("port", Integer.toString(port));
            keys.put("transport", "udp");
            keys.put("inbound_networks", "[\"" + host + "/32\"]");
            keys.put("options_interval_seconds", "0");
            trunkKeys.put(name, keys);
            return this;
        }

        /** Removes a trunk (the customer's {@code outbound_trunks} must then not name it). */
        public Builder withoutTrunk(String name) {
            carriers.remove(name);
            trunkKeys.remove(name);
            return this;
        }

        /** Sets one key of a trunk, e.g. {@code trunkKey("carrier1", "number_format", "e164")}. */
        public Builder trunkKey(String trunk, String key, String yamlValue) {
            Map<String, String> keys = trunkKeys.get(trunk);
            if (keys == null) throw new IllegalArgumentException("no trunk " + trunk);
            keys.put(key, yamlValue);
            return this;
        }

        /** The digest credentials {@code trunk} answers challenges with. */
        public Builder credentials(String trunk, String username, String password) {
            return trunkKey(trunk, "username", username).trunkKey(trunk, "password", password);
        }

        /** An OPTIONS keepalive every {@code seconds} to {@code trunk}. */
        public Builder optionsInterval(String trunk, int seconds) {
            return trunkKey(trunk, "options_interval_seconds", Integer.toString(seconds));
        }

        /** Sets one key of customer 1000001, e.g. {@code customerKey("main_number", "\"+12025550199\"")}. */
        public Builder customerKey(String key, String yamlValue) {
            customerKeys.put(key, yamlValue);
            return this;
        }

        /** Customer 1000001's outbound trunks, in failover order. */
        public Builder outboundTrunks(String... trunks) {
            return customerKey("outbound_trunks", "[" + String.join(", ", trunks) + "]");
        }

        /** Ring group 600's own ring timeout (without it, the switch's). */
        public Builder ringGroupTimeoutSeconds(int seconds) {
            this.ringGroupTimeout = seconds;
            return this;
        }

        /** Sets one key of an extension of customer 1000001, e.g. {@code extensionKey("201", "caller_id_number", ...)}. */
        public Builder extensionKey(String extension, String key, String yamlValue) {
            extensionKeys.computeIfAbsent(extension, e -> new LinkedHashMap<>()).put(key, yamlValue);
            return this;
        }

        /** The switch's ring timeout, through the environment as in production. */
        public Builder ringTimeoutSeconds(int seconds) {
            return env("DIALTONE_SIP_RING_TIMEOUT_SECONDS", Integer.toString(seconds));
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** One more key of the {@code sip:} section, e.g. {@code "auth_failures_per_minute: 3"}. */
        public Builder sip(String line) {
            sip.add(line);
            return this;
        }

        /** The configuration's {@code trunks:} section. */
        String trunksYaml() {
            if (trunkKeys.isEmpty()) return "";
            StringBuilder b = new StringBuilder("trunks:\n");
            for (var t : trunkKeys.entrySet()) {
                b.append("  - name: ").append(t.getKey()).append('\n');
                for (var k : t.getValue().entrySet()) {
                    b.append("    ").append(k.getKey()).append(": ").append(k.getValue()).append('\n');
                }
            }
            return b.toString();
        }

        /** Customer 1000001's added keys. */
        String customerYaml() {
            Map<String, String> keys = new LinkedHashMap<>(customerKeys);
            if (!keys.containsKey("ring_groups")) {
                keys.put("ring_groups", "[{number: \"600\", name: Sales, members: [\"200\", \"201\"]"
                        + (ringGroupTimeout == null ? "" : ", ring_timeout_seconds: " + ringGroupTimeout) + "}]");
            }
            StringBuilder b = new StringBuilder();
            for (var k : keys.entrySet()) b.append(k.getKey()).append(": ").append(k.getValue()).append('\n');
            return b.toString();
        }

        public TrunkFixture start() {
            Map<String, String> ext = new HashMap<>();
            for (var e : extensionKeys.entrySet()) {
                List<String> pairs = new ArrayList<>();
                e.getValue().forEach((k, v) -> pairs.add(k + ": " + v));
                ext.put(e.getKey(), String.join(", ", pairs));
            }
            SwitchFixture sw = SwitchFixture.with(new SwitchFixture.Extras(Map.copyOf(env), String.join("\n", sip),
                    trunksYaml(), customerYaml(), ext));
            return new TrunkFixture(sw, Map.copyOf(carriers));
        }
    }
}
