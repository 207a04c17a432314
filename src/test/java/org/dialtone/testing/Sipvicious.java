package org.dialtone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The attack tools of sipvicious 0.3.3 (Debian package {@code sipvicious}): {@code svwar} (extension enumeration) and
 * {@code svcrack} (online password guessing), aimed at a switch on 127.0.0.1 only.
 *
 * <p>Every run binds to 127.0.0.1 ({@code -b}) on a free local port ({@code -P}), names 127.0.0.1 as its own address
 * ({@code -x}, so sipvicious never looks its address up), targets 127.0.0.1, and runs with {@code HOME} set to a
 * scratch directory (sipvicious may keep sessions under {@code ~/.sipvicious}). The options that reach the internet,
 * {@code -R}/{@code --reportback} (mails a traceback to the author) and {@code -A}/{@code --autogetip} (connects to
 * msn.com), are refused. A run lasts at most its time limit: then it gets one SIGINT, which sipvicious treats like
 * Ctrl-C (it stops and still prints what it found). Exactly one: coreutils' {@code timeout} also signals the process
 * group, and a second SIGINT while sipvicious handles the first kills it before it prints its result.
 */
public final class Sipvicious {
    private static final List<String> FORBIDDEN = List.of("-R", "--reportback", "-A", "--autogetip");

    private Sipvicious() {}

    /**
     * The outcome of one run.
     *
     * @param output stdout and stderr together: sipvicious logs to stderr and prints its result table to stdout
     */
    public record Result(int exitCode, boolean stoppedByTimeLimit, String output, Duration took, Path dir,
                         List<String> command) {

        /** Lines of the result table, e.g. {@code | 200       | pw200-secret |}, without its frame. */
        public List<String> tableRows() {
            List<String> rows = new ArrayList<>();
            List<String> lines = output.lines().toList();
            boolean header = true;
            for (String line : lines) {
                if (!line.startsWith("|")) continue;
                if (header) { header = false; continue; } // the first row is the column names
                rows.add(line.replaceAll("\\s+", " ").trim());
            }
            return rows;
        }

        /** For assertion messages: the command and everything it printed. */
        public String describe() {
            return String.join(" ", command) + " (exit " + exitCode + (stoppedByTimeLimit ? ", stopped by its time limit"
                    : "") + " after " + took.toMillis() + " ms)\n" + output;
        }
    }

    /** {@code svwar} against 127.0.0.1:{@code port} with {@code args} (e.g. {@code -e200-230 -m REGISTER}). */
    public static Result svwar(int port, Duration limit, String... args) { return run("svwar", port, limit, args); }

    /** {@code svcrack} against 127.0.0.1:{@code port} with {@code args} (e.g. {@code -u200 -d words.txt}). */
    public static Result svcrack(int port, Duration limit, String... args) { return run("svcrack", port, limit, args); }

    private static Result run(String tool, int port, Duration limit, String... args) {
        for (String a : args) {
            if (FORBIDDEN.contains(a) || a.startsWith("--reportback") || a.startsWith("--autogetip")) {
                throw new IllegalArgumentException(tool + " option " + a + " is not allowed in tests (it leaves loopback)");
            }
        }
        Path binary = RequiredTool.require(tool, "sipvicious");
        Path dir = TestDirs.newDir(tool);
        Path home = dir.resolve("home");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "-b", "127.0.0.1", "-x", "127.0.0.1", "-P", Integer.toString(FreePorts.udp()),
                "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        command.add("127.0.0.1");
        Path log = dir.resolve("output.log");
        long start = System.nanoTime();
        try {
            Files.createDirectories(home);
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("HOME", home.toString());
            pb.environment().put("PYTHONUNBUFFERED", "1");
            Process p = Processes.track(pb.start());
            boolean stopped = false;
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    stopped = true;
                    int rc = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start().waitFor();
                    if (rc != 0 || !p.waitFor(10, TimeUnit.SECONDS)) {
                        Processes.stop(p, 1000);
                        throw new AssertionError(tool + " did not stop on SIGINT: " + String.join(" ", command));
                    }
                }
            } finally {
                Processes.untrack(p);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new Result(p.exitValue(), stopped, Files.readString(log, StandardCharsets.UTF_8), took, dir,
                    List.copyOf(command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + tool + " ran", e);
        }
    }
}
