package org.dialtone.testing;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * One sipp process on 127.0.0.1 (or another loopback address, {@link Builder#localAddress}) ({@code -i/-mi}, free {@code -p}, {@code -mp}, {@code -cp}, {@code -nostdin},
 * {@code -timeout S -timeout_error}), run in its own directory under {@code target/e2e/} with the scenario copied from
 * the classpath ({@code src/test/resources/sipp/}). stdout/stderr go to files there, with sipp's {@code -trace_err}
 * log and {@code -trace_stat} CSV ({@code stats.csv}).
 *
 * <pre>{@code
 * try (Sipp uas = Sipp.scenario("uas-rtp.xml").rtpFile("uas-ulaw.wav", ulaw600).calls(1).start()) {
 *     phone.dial("sip:9000@127.0.0.1:" + uas.sipPort());
 *     ...
 *     Sipp.Result r = uas.await(Duration.ofSeconds(10));
 *     assertThat(r.exitCode()).as(r.summary()).isZero();
 * }
 * }</pre>
 */
public final class Sipp implements AutoCloseable {
    private final Builder spec;
    private final Path dir;
    private final int sipPort;
    private final int mediaPort;
    private final int controlPort;
    private final List<String> command;
    private Process process;

    /** The outcome of a sipp run. Exit code 0 = all calls OK, 1 = some failed, 255 fatal, 254 socket bind error. */
    public record Result(int exitCode, Path stdout, Path stderr, Path dir, List<String> command) {
        public boolean ok() { return exitCode == 0; }

        public String stdoutText() { return read(stdout); }

        public String stderrText() { return read(stderr); }

        /** The last row of sipp's {@code -trace_stat} CSV as column → value (e.g. {@code SuccessfulCall(C)}). */
        public Map<String, String> stats() {
            Path csv = dir.resolve("stats.csv");
            Map<String, String> m = new LinkedHashMap<>();
            if (!Files.exists(csv)) return m;
            List<String> lines = read(csv).lines().filter(l -> !l.isBlank()).toList();
            if (lines.size() < 2) return m;
            String[] head = lines.get(0).split(";");
            String[] last = lines.get(lines.size() - 1).split(";");
            for (int i = 0; i < head.length && i < last.length; i++) m.put(head[i], last[i]);
            return m;
        }

        /** Exit code, command, stderr and the error log, for assertion messages. */
        public String summary() {
            StringBuilder b = new StringBuilder("sipp exit ").append(exitCode).append(" in ").append(dir)
                    .append("\n  ").append(String.join(" ", command));
            String err = stderrText();
            if (!err.isBlank()) b.append("\n--- stderr ---\n").append(tail(err, 30));
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith("_errors.log")).toList()) {
                    b.append("\n--- ").append(p.getFileName()).append(" ---\n").append(tail(read(p), 40));
                }
            } catch (IOException ignored) {
                // best effort
            }
            b.append("\n--- stdout tail ---\n").append(tail(stdoutText(), 40));
            return b.toString();
        }
    }

    private Sipp(Builder spec) {
        this.spec = spec;
        this.dir = TestDirs.newDir("sipp-" + spec.scenario.replace(".xml", ""));
        this.sipPort = FreePorts.udpAndTcp();
        this.mediaPort = FreePorts.rtpBlock().first();
        this.controlPort = FreePorts.udp();
        this.command = buildCommand();
    }

    /** A scenario from {@code src/test/resources/sipp/} (e.g. {@code uas-rtp.xml}). */
    public static Builder scenario(String resourceName) { return new Builder(resourceName); }

    public int sipPort() { return sipPort; }

    public int mediaPort() { return mediaPort; }

    public Path dir() { return dir; }

    public List<String> command() { return command; }

    /** {@code sip:USER@127.0.0.1:PORT}: a URI a phone can dial to reach this sipp directly. */
    public String uri(String user) { return "sip:" + user + "@" + spec.localAddress + ":" + sipPort; }

    /** The address sipp binds SIP and RTP to ({@code -i}, {@code -mi}). */
    public String localAddress() { return spec.localAddress; }

    public boolean isAlive() { return process != null && process.isAlive(); }

    /** Waits for sipp to exit (at most {@code timeout}); kills it and fails if it does not. */
    public Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.stop(process, 1000);
                throw new AssertionError("sipp did not finish within " + timeout + "\n" + result(-1).summary());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Processes.untrack(process);
        return result(process.exitValue());
    }

    /** Kills sipp if it still runs (SIGTERM, then SIGKILL after 1 s). Files are kept. */
    @Override
    public void close() {
        if (process != null) Processes.stop(process, 1000);
    }

    private Result result(int exit) {
        return new Result(exit, dir.resolve("stdout.log"), dir.resolve("stderr.log"), dir, command);
    }

    private Sipp launch() {
        Path binary = RequiredTool.sipp();
        try {
            try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + spec.scenario)) {
                if (in == null) throw new IllegalArgumentException("no scenario sipp/" + spec.scenario + " on the classpath");
                Files.copy(in, dir.resolve(spec.scenario), StandardCopyOption.REPLACE_EXISTING);
            }
            for (var e : spec.files.entrySet()) {
                Files.copy(e.getValue(), dir.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = new ArrayList<>(command);
            cmd.set(0, binary.toString());
            process = Processes.track(new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .redirectError(dir.resolve("stderr.log").toFile())
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until sipp has bound its SIP port (UDP), so a peer can send to it right away. */
    private void awaitListening(Duration timeout) {
        try {
            boolean tcp = spec.transport == PhoneSpec.Transport.TCP;
            java.net.InetAddress local = java.net.InetAddress.getByName(spec.localAddress);
            Awaitility.await("sipp listening on " + (tcp ? "TCP " : "UDP ") + sipPort).atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("sipp exited", () -> !process.isAlive())
                    .until(() -> tcp ? !FreePorts.isTcpFree(local, sipPort) : !FreePorts.isUdpFree(local, sipPort));
        } catch (java.net.UnknownHostException e) {
            close();
            throw new IllegalArgumentException("sipp local address " + spec.localAddress + " is not an IP literal", e);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            int exit = process.isAlive() ? -1 : process.exitValue();
            close();
            throw new AssertionError("sipp did not start: " + e.getMessage() + "\n" + result(exit).summary(), e);
        }
    }

    private List<String> buildCommand() {
        List<String> c = new ArrayList<>();
        c.add("sipp");
        if (spec.remote != null) c.add(spec.remote);
        c.addAll(List.of("-sf", spec.scenario,
                "-i", spec.localAddress, "-mi", spec.localAddress,
                "-p", String.valueOf(sipPort), "-mp", String.valueOf(mediaPort), "-cp", String.valueOf(controlPort),
                "-nostdin",
                "-timeout", String.valueOf(Math.max(1, spec.timeout.toSeconds())), "-timeout_error",
                "-trace_err", "-trace_stat", "-stf", "stats.csv", "-fd", "1"));
        if (spec.service != null) c.addAll(List.of("-s", spec.service));
        if (spec.calls > 0) c.addAll(List.of("-m", String.valueOf(spec.calls)));
        if (spec.durationMillis >= 0) c.addAll(List.of("-d", String.valueOf(spec.durationMillis)));
        if (spec.transport == PhoneSpec.Transport.TCP) c.addAll(List.of("-t", "t1"));
        c.addAll(spec.extra);
        return List.copyOf(c);
    }

    public static final class Builder {
        private final String scenario;
        private String remote;
        private String localAddress = "127.0.0.1";
        private String service;
        private int calls = 1;
        private long durationMillis = -1;
        private Duration timeout = Duration.ofSeconds(30);
        private PhoneSpec.Transport transport = PhoneSpec.Transport.UDP;
        private final Map<String, Path> files = new LinkedHashMap<>();
        private final List<String> extra = new ArrayList<>();

        private Builder(String scenario) { this.scenario = scenario; }

        /** Where a UAC sends its requests, {@code host:port} (our switch, or another peer). */
        public Builder remote(String hostPort) { this.remote = hostPort; return this; }

        /**
         * {@code -i/-mi}: the loopback address sipp binds SIP and RTP to (default {@code 127.0.0.1}); another one
         * (e.g. {@code 127.0.0.2}) lets a test tell peers apart by source address, as a trunk's would be.
         */
        public Builder localAddress(String loopbackAddress) {
            if (!loopbackAddress.startsWith("127.")) throw new IllegalArgumentException("tests stay on loopback: " + loopbackAddress);
            this.localAddress = loopbackAddress;
            return this;
        }

        /** {@code -s}: the user part of the request URI (the called number). */
        public Builder service(String service) { this.service = service; return this; }

        /** {@code -m}: exit after this many calls (default 1; 0 = unlimited). */
        public Builder calls(int calls) { this.calls = calls; return this; }

        /** {@code -d}: the duration of {@code <pause/>} in the scenario. */
        public Builder pause(Duration d) { this.durationMillis = d.toMillis(); return this; }

        /** {@code -timeout S -timeout_error}: sipp gives up (exit != 0) after this long. Default 30 s. */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }

        /** {@code -t t1} for TCP (default UDP). */
        public Builder transport(PhoneSpec.Transport transport) { this.transport = transport; return this; }

        /**
         * Copies {@code file} into sipp's directory as {@code name}: e.g. the u-law WAV a scenario's rtp_stream names
         * ({@code uas-ulaw.wav}, {@code uac-ulaw.wav}) or an injection CSV ({@code -inf}).
         */
        public Builder file(String name, Path file) { files.put(name, file.toAbsolutePath()); return this; }

        /** Alias of {@link #file} for the audio a scenario streams. */
        public Builder rtpFile(String name, Path ulawWav) { return file(name, ulawWav); }

        /** More sipp arguments, verbatim (e.g. {@code "-inf", "users.csv"}, {@code "-r", "10"}). */
        public Builder args(String... args) { extra.addAll(List.of(args)); return this; }

        /** Starts sipp in the background and waits until its SIP port is bound. */
        public Sipp start() {
            Sipp s = new Sipp(this).launch();
            s.awaitListening(Duration.ofSeconds(5));
            return s;
        }

        /** Runs sipp to completion (e.g. a UAC) and returns the result; bounded by {@code timeout} + 10 s. */
        public Result run() {
            try (Sipp s = new Sipp(this).launch()) {
                return s.await(timeout.plusSeconds(10));
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
