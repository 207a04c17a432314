package org.dialtone.e2e;

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
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.PhoneSpec;
import org.dialtone.testing.TestDirs;

/**
 * A real Dialtone on free loopback ports with a known configuration: customer 1000001 with extensions 200, 201, 202,
 * 226 (password {@code pw<number>}) and customer 2000002 with extension 200 (SIP user {@code c2-200}, password
 * {@code pwc2}); API tokens {@link #token} (customer 1000001) and {@link #token2} (customer 2000002). Phones
 * started through it are closed with it (phones first, so they don't wait on a dead registrar).
 */
public final class SwitchFixture implements AutoCloseable {
    private static final AtomicInteger RTP_BLOCKS = new AtomicInteger();

    public final Path dir;
    public final Dialtone dialtone;
    public final String token = "test-token-customer-one-0123456789";
    /** API token of customer 2000002. */
    public final String token2 = "test-token-customer-two-0123456789";
    private final List<BaresipPhone> phones = new ArrayList<>();
    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();

    public SwitchFixture() { this(Map.of()); }

    public SwitchFixture(Map<String, String> env) {
        dir = TestDirs.newDir("dialtone");
        int sip = FreePorts.udpAndTcp();
        int http = FreePorts.tcp();
        int rtpMin;
        do { // the kernel's ports for SIP/HTTP come from the same range; config validation rejects an overlap
            rtpMin = 42000 + (RTP_BLOCKS.getAndIncrement() % 40) * 500;
        } while (sip >= rtpMin && sip < rtpMin + 500 || http >= rtpMin && http < rtpMin + 500);
        String yaml = """
                sip:
                  bind_address: 127.0.0.1
                  udp_port: %d
                  tcp_port: %d
                  ring_timeout_seconds: 8
                http:
                  bind_address: 127.0.0.1
                  port: %d
                rtp:
                  bind_address: 127.0.0.1
                  port_min: %d
                  port_max: %d
                data_dir: %s
                customers:
                  - code: "1000001"
                    name: Test One
                    extensions:
                      - {number: "200", name: Alice, sip_username: "200", password: pw200}
                      - {number: "201", name: Bob, sip_username: "201", password: pw201}
                      - {number: "202", name: Carol, sip_username: "202", password: pw202}
                      - {number: "226", name: Reception, sip_username: "226", password: pw226}
                    api_tokens:
                      - {token: %s, label: test}
                  - code: "2000002"
                    name: Test Two
                    extensions:
                      - {number: "200", name: Other, sip_username: c2-200, password: pwc2}
                    api_tokens:
                      - {token: %s, label: test-two}
                """.formatted(sip, sip, http, rtpMin, rtpMin + 499, dir.resolve("data"), token, token2);
        try {
            Path config = dir.resolve("dialtone.yaml");
            Files.writeString(config, yaml);
            dialtone = Dialtone.start(ConfigLoader.load(config, env),
                    new PrintStream(banner, true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Dialtone did not start", e);
        }
    }

    /** A phone for {@code user} registered over UDP, sending a sine of {@code hz}. */
    public BaresipPhone phone(String user, int hz) {
        return phone(PhoneSpec.builder(user).password("pw" + user).tone(hz)
                .registrar("127.0.0.1", dialtone.sipPort()));
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

    public String banner() { return banner.toString(StandardCharsets.UTF_8); }

    @Override
    public void close() {
        for (BaresipPhone p : phones) p.close();
        dialtone.close();
    }
}
