package org.dialtone.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.Test;

/** The real entry point in its own JVM: a bad configuration or a busy port ends it with a message, non-zero. */
class MainStartupIT {

    record Exit(int code, String stdout, String stderr) {}

    @Test
    void invalidConfigurationNamesTheKeyAndExitsNonZero() throws Exception {
        Exit exit = runMain("sip:\n  udp_port: five\n");
        assertThat(exit.code()).as(exit.stderr()).isEqualTo(2);
        assertThat(exit.stderr()).contains("dialtone: invalid configuration")
                .contains("sip.udp_port: must be an integer, got \"five\"");
        assertThat(exit.stdout()).doesNotContain("Dialtone ready");
    }

    @Test
    void everyInvalidValueIsNamed() throws Exception {
        Exit exit = runMain("rtp:\n  port_min: 20001\nhttp:\n  port: 70000\n");
        assertThat(exit.code()).as(exit.stderr()).isEqualTo(2);
        assertThat(exit.stderr()).contains("rtp.port_min: must be even").contains("http.port: must be 1-65535, got 70000");
    }

    @Test
    void invalidTrunkAndDidConfigurationStopsStartupNamingTheKeys() throws Exception {
        Exit exit = runMain("""
                trunks:
                  - {name: carrier1, host: 127.0.0.2, username: acct, password: trunk-hunter2}
                customers:
                  - code: "1000001"
                    name: Acme
                    outbound_trunks: [carrier9]
                    extensions: [{number: "200", sip_username: a200, password: pw-secret}]
                    dids:
                      - {number: "+12025550100", destination: "200"}
                      - {number: "+12025550100", destination: "200"}
                    ring_groups: [{number: "600", name: Sales, members: ["201"]}]
                """);
        assertThat(exit.code()).as(exit.stderr()).isEqualTo(2);
        assertThat(exit.stderr()).contains("dialtone: invalid configuration")
                .contains("customers[0].outbound_trunks[0]: unknown trunk name \"carrier9\"")
                .contains("customers[0].ring_groups[0].members[0]: ring group member that is not an extension")
                .contains("customers[0].dids[1].number: DID +12025550100 is declared twice (also at customers[0].dids[0].number)");
        assertThat(exit.stdout() + exit.stderr()).doesNotContain("hunter2").doesNotContain("Dialtone ready");
    }

    @Test
    void brokenYamlSaysWhereAndExitsNonZero() throws Exception {
        Exit exit = runMain("sip: {udp_port: 5070\nhttp: [\n");
        assertThat(exit.code()).as(exit.stderr()).isEqualTo(2);
        assertThat(exit.stderr()).contains("dialtone: invalid configuration").contains("invalid YAML at line");
    }

    @Test
    void aBusyPortEndsStartupWithAMessageInsteadOfHanging() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Exit exit = runMain(validConfig(busy.getLocalPort()));
            assertThat(exit.code()).as(exit.stdout() + exit.stderr()).isEqualTo(1);
            assertThat(exit.stderr()).contains("dialtone: could not start:").contains(String.valueOf(busy.getLocalPort()));
        }
    }

    private static String validConfig(int httpPort) {
        int sip = FreePorts.udpAndTcp();
        Path dir = TestDirs.newDir("main");
        return """
                sip: {bind_address: 127.0.0.1, udp_port: %d, tcp_port: %d}
                http: {bind_address: 127.0.0.1, port: %d}
                rtp: {bind_address: 127.0.0.1, port_min: 43000, port_max: 43098}
                data_dir: %s
                """.formatted(sip, sip, httpPort, dir.resolve("data"));
    }

    /** Runs {@code org.dialtone.app.Main --config FILE} with this JVM's java and class path; at most 30 s. */
    private static Exit runMain(String yaml) throws IOException, InterruptedException {
        Path dir = TestDirs.newDir("main");
        Path config = Files.writeString(dir.resolve("dialtone.yaml"), yaml);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString()))
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("Main did not exit within 30 s; output in " + dir + "\n"
                    + Files.readString(dir.resolve("stdout.log"), StandardCharsets.UTF_8));
        }
        return new Exit(p.exitValue(), Files.readString(dir.resolve("stdout.log"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.log"), StandardCharsets.UTF_8));
    }
}
