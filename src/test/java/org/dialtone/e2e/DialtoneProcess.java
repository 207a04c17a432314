package org.dialtone.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dialtone.app.Main;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.TestDirs;

/**
 * Dialtone in a JVM of its own, as an operator runs it ({@code java -Xmx... org.dialtone.app.Main --config FILE}),
 * with a small heap, on free loopback ports: for what only a process shows (its heap running out, its exit status,
 * a restart). Customer 1000001 has extensions 200-203 (SIP user = number, password {@code pw<number>}) and the API
 * token {@link #TOKEN}. stdout and stderr go to {@code dialtone.log} in its directory under {@code target/e2e/}.
 */
final class DialtoneProcess implements AutoCloseable {
    static final String TOKEN = "process-token-customer-one-0123456789";
    private static final AtomicInteger RTP_BLOCKS = new AtomicInteger();

    final Path dir;
    final int sipPort;
    final int httpPort;
    private final Path config;
    private final List<String> jvmOptions;
    private final String mainClass;
    private Process process;
    private int starts;

    /**
     * @param limits     the {@code limits:} section's keys, one flow mapping, e.g. {@code "{max_calls: 5}"}
     * @param jvmOptions e.g. {@code -Xmx128m}
     * @param mainClass  {@link Main} or a test main that runs it
     */
    DialtoneProcess(String limits, List<String> jvmOptions, Class<?> mainClass) {
        this.dir = TestDirs.newDir("dialtone-process");
        this.sipPort = FreePorts.udpAndTcp();
        this.httpPort = FreePorts.tcp();
        this.jvmOptions = List.copyOf(jvmOptions);
        this.mainClass = mainClass.getName();
        int rtpMin = 38000 + (RTP_BLOCKS.getAndIncrement() % 10) * 200; // apart from SwitchFixture's 30000-32699
        String yaml = """
                sip: {bind_address: 127.0.0.1, udp_port: %d, tcp_port: %d, ring_timeout_seconds: 8}
                http: {bind_address: 127.0.0.1, port: %d}
                rtp: {bind_address: 127.0.0.1, port_min: %d, port_max: %d}
                data_dir: %s
                limits: %s
                customers:
                  - code: "1000001"
                    name: Process One
                    extensions:
                      - {number: "200", sip_username: "200", password: pw200-secret}
                      - {number: "201", sip_username: "201", password: pw201-secret}
                      - {number: "202", sip_username: "202", password: pw202-secret}
                      - {number: "203", sip_username: "203", password: pw203-secret}
                    api_tokens: [{token: %s}]
                """.formatted(sipPort, sipPort, httpPort, rtpMin, rtpMin + 198, dir.resolve("data"), limits, TOKEN);
        try {
            config = Files.writeString(dir.resolve("dialtone.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM (again, on the same configuration and data) and waits until {@code /health} answers. */
    DialtoneProcess start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath(), mainClass,
                "--config", config.toString()));
        Path log = dir.resolve("dialtone-" + (++starts) + ".log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("Dialtone (" + log + ") answering /health").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .failFast("Dialtone exited:\n" + tail(log), () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> MalformedTrafficIT.httpGet(httpPort, "/health").statusCode() > 0);
        return this;
    }

    /** The test class path (surefire puts it in {@code java.class.path}; some forks only in the other property). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    long pid() { return process.pid(); }

    boolean isAlive() { return process.isAlive(); }

    /** Writes a line to the process's standard input (a test main may wait for one). */
    void tell(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end by itself; its exit status, or -1 if it still runs after {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Everything the current (or last) run printed. */
    String log() {
        try {
            return Files.readString(dir.resolve("dialtone-" + starts + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    HttpResponse<String> get(String path) { return MalformedTrafficIT.httpGet(httpPort, path); }

    /** SIGTERM (a clean stop: calls get BYE), then SIGKILL after 10 s. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (awaitExit(Duration.ofSeconds(10)) == -1) process.destroyForcibly();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
