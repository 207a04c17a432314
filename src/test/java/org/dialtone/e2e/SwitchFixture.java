package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dialtone.app.Dialtone;
import org.dialtone.app.config.ConfigLoader;
import org.dialtone.core.call.CallRecord;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.PhoneSpec;
import org.dialtone.testing.TestDirs;

/**
 * A real Dialtone on free loopback ports with a known configuration: customer 1000001 with extensions 200, 201, 202,
 * 226 and customer 2000002 with extensions 200 (SIP user {@code c2-200}) and 210 (SIP user {@code c2-210}); every SIP
 * user's password is {@link #password}{@code (user)}, e.g. {@code pw200-secret}; API tokens {@link #token} (customer
 * 1000001) and {@link #token2} (customer 2000002). Phones started through it are closed with it (phones first, so
 * they don't wait on a dead registrar).
 */
public final class SwitchFixture implements AutoCloseable {
    private static final AtomicInteger RTP_BLOCKS = new AtomicInteger();

    public final Path dir;
    /** The running switch; replaced by {@link #restart()}. */
    public Dialtone dialtone;
    /** Every channel event since the (last) start. */
    public EventLog events;
    /** The first port of the switch's RTP range on 127.0.0.1 (100 ports; 2 per pair for {@link #withRtpPortPairs}). */
    public final int rtpPortMin;
    private final Path config;
    private final Map<String, String> env;
    public final String token = "test-token-customer-one-0123456789";
    /** API token of customer 2000002. */
    public final String token2 = "test-token-customer-two-0123456789";
    private final List<BaresipPhone> phones = new ArrayList<>();
    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();
    /** The RTP block this switch's port range was cut from, given back at close; null when none was claimed. */
    private final FreePorts.PortRange claimedRtpBlock;
    /** The ports of the configuration (the same whichever switch runs on it, this JVM's or another process's). */
    public final int sipPort;
    public final int httpPort;

    public SwitchFixture() { this(Map.of()); }

    /** A switch whose ring timeout is {@code seconds} (through the environment override, as in production). */
    public static SwitchFixture withRingTimeout(int seconds) {
        return new SwitchFixture(Map.of("DIALTONE_SIP_RING_TIMEOUT_SECONDS", Integer.toString(seconds)));
    }

    public SwitchFixture(Map<String, String> env) { this(env, ""); }

    /**
     * @param extraSip more keys of the {@code sip:} section, one per line, e.g. {@code "auth_failures_per_minute: 3"}
     */
    public SwitchFixture(Map<String, String> env, String extraSip) { this(env, extraSip, ""); }

    /**
     * @param extraSip               more keys of the {@code sip:} section, one per line
     * @param customerOneMusicOnHold a WAV file for customer 1000001's {@code music_on_hold}; null for none
     */
    public SwitchFixture(Map<String, String> env, String extraSip, Path customerOneMusicOnHold) {
        this(env, extraSip, customerOneMusicOnHold == null ? ""
                : "music_on_hold: '" + customerOneMusicOnHold.toAbsolutePath().toString().replace("'", "''") + "'");
    }

    /** A switch whose customer 1000001 has {@code transfer_fallback: "<number>"}. */
    public static SwitchFixture withTransferFallback(String number) {
        return new SwitchFixture(Map.of(), "", "transfer_fallback: \"" + number + "\"");
    }

    private SwitchFixture(Map<String, String> env, String extraSip, String customerOneExtra) {
        this(new Extras(env, extraSip, "", customerOneExtra, Map.of()));
    }

    /**
     * What a specialised fixture ({@link TrunkFixture}) adds to the standard configuration; every text is YAML, one
     * key per line, without indentation.
     *
     * @param env              environment overrides, as in production ({@code DIALTONE_SIP_RING_TIMEOUT_SECONDS})
     * @param sip              more keys of the {@code sip:} section
     * @param topLevel         more top-level sections, e.g. a {@code trunks:} list
     * @param customerOne      more keys of customer 1000001, e.g. {@code "transfer_fallback: \"200\""}
     * @param extensionKeys    extension number of customer 1000001 → more keys of its flow mapping, e.g.
     *                         {@code "226" -> "caller_id_number: \"+12025550126\""}
     */
    record Extras(Map<String, String> env, String sip, String topLevel, String customerOne,
                  Map<String, String> extensionKeys) {}

    /** A switch with the standard configuration plus {@code extras}. */
    static SwitchFixture with(Extras extras) {
        return new SwitchFixture(extras);
    }

    /**
     * A switch with only {@code pairs} RTP port pairs (each call leg takes one): for running out of ports. The ports are
     * the start of a block claimed through {@link FreePorts#rtpBlock()} (no other test JVM uses it), held until close.
     */
    public static SwitchFixture withRtpPortPairs(int pairs) {
        FreePorts.PortRange block = FreePorts.rtpBlock();
        return new SwitchFixture(new Extras(Map.of(), "", "", "", Map.of()),
                new FreePorts.PortRange(block.first(), block.first() + 2 * pairs - 1), block);
    }

    private SwitchFixture(Extras extras) { this(extras, null, null); }

    /** @param rtp the switch's RTP range, null for its own 100-port block; {@code claimed} is released at close */
    private SwitchFixture(Extras extras, FreePorts.PortRange rtp, FreePorts.PortRange claimed) {
        this.claimedRtpBlock = claimed;
        this.env = extras.env();
        String extraSip = extras.sip();
        String customerOneExtra = extras.customerOne();
        dir = TestDirs.newDir("dialtone");
        int sip = FreePorts.udpAndTcp();
        int http = FreePorts.tcp();
        this.sipPort = sip;
        this.httpPort = http;
        // below the kernel's ephemeral range (32768+, where free SIP/HTTP ports come from) and above the phones'
        // RTP blocks (20000-29999); the media engine skips ports another process holds
        int block = RTP_BLOCKS.getAndIncrement() % 27;
        int rtpMin = rtp != null ? rtp.first() : 30000 + block * 100;
        int rtpMax = rtp != null ? rtp.last() : rtpMin + 99;
        rtpPortMin = rtpMin;
        String sipExtra = extraSip.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
        String customerOneKeys = customerOneExtra.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        String topLevel = extras.topLevel().lines().map(l -> l + "\n").reduce("", String::concat);
        Map<String, String> ext = extras.extensionKeys();
        String yaml = """
                sip:
                  bind_address: 127.0.0.1
                  udp_port: %d
                  tcp_port: %d
                  ring_timeout_seconds: 8
                %s\
                http:
                  bind_address: 127.0.0.1
                  port: %d
                rtp:
                  bind_address: 127.0.0.1
                  port_min: %d
                  port_max: %d
                data_dir: %s
                %s\
                customers:
                  - code: "1000001"
                    name: Test One
                %s\
                    extensions:
                      - {number: "200", name: Alice, sip_username: "200", password: pw200-secret%s}
                      - {number: "201", name: Bob, sip_username: "201", password: pw201-secret%s}
                      - {number: "202", name: Carol, sip_username: "202", password: pw202-secret%s}
                      - {number: "226", name: Reception, sip_username: "226", password: pw226-secret%s}
                    api_tokens:
                      - {token: %s, label: test}
                  - code: "2000002"
                    name: Test Two
                    extensions:
                      - {number: "200", name: Other, sip_username: c2-200, password: pwc2-200-secret}
                      - {number: "210", name: Other Desk, sip_username: c2-210, password: pwc2-210-secret}
                    api_tokens:
                      - {token: %s, label: test-two}
                """.formatted(sip, sip, sipExtra, http, rtpMin, rtpMax, dir.resolve("data"), topLevel,
                        customerOneKeys, more(ext, "200"), more(ext, "201"), more(ext, "202"), more(ext, "226"), token,
                        token2);
        config = dir.resolve("dialtone.yaml");
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        dialtone = startDialtone();
    }

    /** {@code ", key: value"} to append to extension {@code number}'s flow mapping, or nothing. */
    private static String more(Map<String, String> extensionKeys, String number) {
        String keys = extensionKeys.get(number);
        return keys == null || keys.isBlank() ? "" : ", " + keys;
    }

    private Dialtone startDialtone() {
        try {
            Dialtone started = Dialtone.start(ConfigLoader.load(config, env),
                    new PrintStream(banner, true, StandardCharsets.UTF_8));
            events = new EventLog(started.events());
            return started;
        } catch (Exception e) {
            throw new IllegalStateException("Dialtone did not start", e);
        }
    }

    /** The configuration file as it is now. */
    public String config() {
        try {
            return Files.readString(config);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Rewrites the configuration file (the next {@link #restart()} applies it), e.g. to remove a token. */
    public void rewriteConfig(java.util.function.UnaryOperator<String> edit) {
        String before = config();
        String after = edit.apply(before);
        if (after.equals(before)) throw new IllegalArgumentException("the edit changed nothing");
        try {
            Files.writeString(config, after);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Closes the switch and starts a new one on the same configuration file, data directory and ports. Phones keep
     * running (they are not told, and do not re-register on their own before their regint).
     */
    public void restart() {
        dialtone.close();
        dialtone = startDialtone();
    }

    /** A phone for {@code user} registered over UDP, sending a sine of {@code hz}. */
    public BaresipPhone phone(String user, int hz) {
        return phone(spec(user, hz));
    }

    /** The SIP password of {@code user} in this fixture's configuration (at least 8 characters, as the switch demands). */
    public static String password(String user) { return "pw" + user + "-secret"; }

    /** The spec of a phone for {@code user} (password {@link #password}) using this switch over UDP; adjust, then start. */
    public PhoneSpec.Builder spec(String user, int hz) {
        return PhoneSpec.builder(user).password(password(user)).tone(hz).registrar("127.0.0.1", sipPort);
    }

    public BaresipPhone registeredPhone(PhoneSpec.Builder spec) {
        BaresipPhone phone = phone(spec);
        phone.awaitRegistered(Duration.ofSeconds(10));
        return phone;
    }

    public BaresipPhone phone(PhoneSpec.Builder spec) {
        BaresipPhone phone = BaresipPhone.start(spec.build());
        phones.add(phone);
        return phone;
    }

    public BaresipPhone registeredPhone(String user, int hz) {
        BaresipPhone phone = phone(user, hz);
        phone.awaitRegistered(Duration.ofSeconds(10));
        return phone;
    }

    /** Waits until the switch holds no channel, no SIP dialog and no RTP endpoint any more. */
    /** Checks that the test left nothing behind, then closes the switch and its phones either way. */
    public void closeCheckingNoLeak() {
        try {
            awaitNoLeak();
        } finally {
            close();
        }
    }

    public void awaitNoLeak() {
        await("no channel, dialog or RTP endpoint left").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    assertThat(dialtone.calls().activeChannels()).as("active channels").isZero();
                    assertThat(dialtone.sip().openDialogs()).as("open dialogs").isZero();
                    assertThat(dialtone.media().activeEndpoints()).as("RTP endpoints").isZero();
                });
    }

    /**
     * Waits for the final record of the ended call {@code linkedId} (written behind, just after the call ended; the
     * record stored while the call was in progress does not count).
     */
    public CallRecord awaitCallRecord(String customerCode, String linkedId) {
        return await("call record " + linkedId).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> dialtone.callRecords().recent(customerCode, 50).stream()
                        .filter(r -> r.linkedId().equals(linkedId) && !r.inProgress()).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    public String banner() { return banner.toString(StandardCharsets.UTF_8); }

    @Override
    public void close() {
        for (BaresipPhone p : phones) p.close();
        events.close();
        dialtone.close();
        if (claimedRtpBlock != null) FreePorts.releaseRtpBlock(claimedRtpBlock);
    }

    /** The configuration file the switch was started with (a second switch process may be started on it). */
    public Path configFile() { return config; }

    /** The value of metric {@code name} (its first sample in /metrics' text), or -1 when there is none. */
    public double metric(String name) {
        for (String line : dialtone.metrics().scrape().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }
}
