package org.dialtone.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A headless baresip phone on 127.0.0.1 (or another loopback address, {@link PhoneSpec#localAddress()}), driven over
 * its ctrl_tcp socket (netstring-framed JSON) on 127.0.0.1.
 *
 * <p>Each phone has its own config directory (kept after the test, under {@code target/e2e/}), SIP port (p for UDP/TCP,
 * p+1 taken by baresip's TLS listener), ctrl_tcp port and RTP port block. It sends a sine tone and records every call:
 * {@code rec/dump-<time>-dec.wav} is what it received (8 kHz mono s16), {@code -enc.wav} what it sent.
 *
 * <p>Events are queued in arrival order; {@link #awaitEvent} takes the first matching one out of the queue and leaves
 * the others. Your own {@code hangup} queues a {@code CALL_CLOSED} too: {@link #clearEvents()} between steps.
 */
public final class BaresipPhone implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.shared();
    /** The WAV header of sndfile's recordings; the data is 8 kHz mono s16 = 16000 bytes per second. */
    private static final int WAV_HEADER = 44;
    private static final int BYTES_PER_SECOND = 16000;

    private final PhoneSpec spec;
    private final Path dir;
    private final Path recDir;
    private final Path logFile;
    private final int sipPort;
    private final int ctrlPort;
    private final FreePorts.PortRange rtpPorts;
    private final String name;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<JsonNode> pending = new ArrayList<>();   // guarded by lock
    private final List<String> history = new ArrayList<>();     // guarded by lock; "TYPE(param)" of every event
    private final Map<String, CompletableFuture<JsonNode>> responses = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private final AtomicReference<String> ctrlClosed = new AtomicReference<>();

    private Process process;
    private Socket socket;
    private OutputStream out;

    private BaresipPhone(PhoneSpec spec) {
        this.spec = spec;
        this.name = "phone " + spec.user();
        this.dir = TestDirs.newDir("phone-" + spec.user());
        this.recDir = dir.resolve("rec");
        this.logFile = dir.resolve("log");
        this.sipPort = FreePorts.sipPortPair(spec.localAddress());
        this.ctrlPort = FreePorts.tcp();
        this.rtpPorts = FreePorts.rtpBlock();
    }

    /**
     * Writes the config, starts baresip and connects to ctrl_tcp (does not wait for registration). The ports are
     * picked free but another process may take one before baresip binds it: a phone that does not come up is
     * started again on fresh ports, up to three times.
     */
    public static BaresipPhone start(PhoneSpec spec) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(spec);
            } catch (IllegalStateException e) {
                if (attempt == 3) throw e;
            }
        }
    }

    private static BaresipPhone startOnce(PhoneSpec spec) {
        Path binary = RequiredTool.baresip();
        BaresipPhone phone = new BaresipPhone(spec);
        try {
            phone.writeConfig();
            phone.launch(binary);
            phone.connect(Duration.ofSeconds(10));
            return phone;
        } catch (IOException e) {
            phone.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            String tail = phone.logTail();
            phone.close();
            throw new IllegalStateException(phone.name + " did not start: " + e.getMessage() + "\n--- log tail ---\n" + tail, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- accessors

    public PhoneSpec spec() { return spec; }

    public Path dir() { return dir; }

    public Path recordingDir() { return recDir; }

    public int sipPort() { return sipPort; }

    public int ctrlPort() { return ctrlPort; }

    public FreePorts.PortRange rtpPorts() { return rtpPorts; }

    /** A URI that reaches this phone directly, bypassing any registrar: {@code sip:USER@ADDRESS:PORT}. */
    public String directUri() { return "sip:" + spec.user() + "@" + spec.localAddress() + ":" + sipPort; }

    public boolean isAlive() { return process != null && process.isAlive(); }

    /** Freezes the phone process (SIGSTOP): it sends nothing, RTP included, until {@link #resume()}. */
    public void freeze() { signal("STOP"); }

    /** Lets a frozen phone run again (SIGCONT). */
    public void resume() { signal("CONT"); }

    private void signal(String name) {
        try {
            int rc = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start().waitFor();
            if (rc != 0) throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + rc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- commands

    /**
     * Sends a ctrl_tcp command (menu long command without the slash: dial, hangup, accept, answermode, transfer, hold,
     * resume, reinvite, listcalls, callstat, reginfo, quit ...) and returns the response
     * {@code {"response":true,"ok":...,"data":"...","token":"..."}}.
     */
    public JsonNode command(String cmd, String params) {
        return command(cmd, params, DEFAULT_TIMEOUT);
    }

    public JsonNode command(String cmd, String params, Duration timeout) {
        String token = "t" + tokens.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("command", cmd);
        if (params != null) msg.put("params", params);
        msg.put("token", token);
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        responses.put(token, future);
        try {
            send(JSON.writeValueAsBytes(msg));
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": no response to '" + cmd + (params == null ? "" : " " + params)
                    + "' within " + timeout + ctrlState() + failureContext());
        } catch (ExecutionException e) {
            throw new AssertionError(name + ": command '" + cmd + "' failed: " + e.getCause().getMessage() + failureContext());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + ": interrupted", e);
        } finally {
            responses.remove(token);
        }
    }

    /** {@code dial}: a number (completed with the account's domain, sent via the outbound proxy) or a full SIP URI. */
    public JsonNode dial(String number) { return okCommand("dial", number); }

    /**
     * Dials {@code number}, which rings {@code callee} (answering automatically), and waits until both phones have
     * the call established. Returns the callee's CALL_ESTABLISHED event (its {@code peeruri} shows the caller id).
     */
    public JsonNode dialAndConnect(String number, BaresipPhone callee, Duration timeout) {
        dial(number);
        JsonNode atCallee = callee.awaitEvent("CALL_ESTABLISHED", timeout);
        awaitEvent("CALL_ESTABLISHED", timeout);
        return atCallee;
    }

    /** {@code hangup}: ends the current call; on a ringing incoming call (manual answer) it rejects with 486. */
    public JsonNode hangup() { return command("hangup", null); }

    /** {@code accept}: answers the ringing incoming call (manual answer mode). */
    public JsonNode accept() { return okCommand("accept", null); }

    /** Changes the answer mode at run time. */
    public JsonNode answerMode(PhoneSpec.AnswerMode mode) { return okCommand("answermode", mode.param()); }

    private JsonNode okCommand(String cmd, String params) {
        JsonNode r = command(cmd, params);
        if (!r.path("ok").asBoolean(false)) {
            throw new AssertionError(name + ": '" + cmd + (params == null ? "" : " " + params) + "' answered " + r
                    + failureContext());
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------- events

    /** Takes the first queued event of {@code type} (waiting up to {@code timeout}); fails listing the events seen. */
    public JsonNode awaitEvent(String type, Duration timeout) {
        return awaitEvent(type, e -> true, timeout);
    }

    /** As {@link #awaitEvent(String, Duration)}, for the first event of {@code type} that also matches {@code filter}. */
    public JsonNode awaitEvent(String type, Predicate<JsonNode> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
                    JsonNode e = it.next();
                    if (type.equals(e.path("type").asString("")) && filter.test(e)) {
                        it.remove();
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || ctrlClosed.get() != null) {
                    throw new AssertionError(name + ": no " + type + " event within " + timeout + ctrlState()
                            + "; events seen: " + history + failureContext());
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + ": interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** The queued (not yet awaited) events of {@code type}, without removing them. */
    public List<JsonNode> queuedEvents(String type) {
        lock.lock();
        try {
            return pending.stream().filter(e -> type.equals(e.path("type").asString(""))).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the queued events (the history used in failure messages is kept). */
    public void clearEvents() {
        lock.lock();
        try {
            pending.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Every event seen so far as {@code TYPE(param)}, oldest first. */
    public List<String> eventHistory() {
        lock.lock();
        try {
            return List.copyOf(history);
        } finally {
            lock.unlock();
        }
    }

    /** What {@code reginfo} says about this phone's account. */
    public enum RegistrationState { OK, FAILED, PENDING }

    /**
     * Waits until the account is registered: a {@code REGISTER_OK} event, or {@code reginfo} showing OK (the event can
     * come before ctrl_tcp is connected, so the events alone are not enough). Fails fast on {@code REGISTER_FAIL} or
     * when {@code reginfo} shows ERR (e.g. 403 to a wrong password).
     */
    public void awaitRegistered(Duration timeout) {
        try {
            await(name + " registered").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .failFast(name + " registration failed (REGISTER_FAIL event or reginfo ERR)",
                            () -> historyContains("REGISTER_FAIL") || registrationState() == RegistrationState.FAILED)
                    .until(() -> historyContains("REGISTER_OK") || registrationState() == RegistrationState.OK);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(name + ": not registered within " + timeout + " (" + e.getMessage()
                    + "); events seen: " + eventHistory() + failureContext(), e);
        }
    }

    /** Whether {@code reginfo} reports this phone's account as registered. */
    public boolean isRegistered() {
        return registrationState() == RegistrationState.OK;
    }

    /**
     * Parses {@code reginfo}: baresip 1.0.0 prints one line per account, e.g.
     * {@code > sip:1001@127.0.0.1   ESC[32mOK ESC[;m  Expires 300s} or {@code ... ESC[31mERR ESC[;m  Expires 0s}.
     */
    public RegistrationState registrationState() {
        String data = command("reginfo", null).path("data").asString("").replaceAll("\u001b\\[[0-9;]*m", "");
        for (String line : data.lines().toList()) {
            if (!line.contains("sip:" + spec.user() + "@")) continue;
            if (line.matches(".*\\sOK\\s.*")) return RegistrationState.OK;
            if (line.matches(".*\\sERR\\s.*")) return RegistrationState.FAILED;
        }
        return RegistrationState.PENDING;
    }

    private boolean historyContains(String type) {
        lock.lock();
        try {
            return history.stream().anyMatch(h -> h.equals(type) || h.startsWith(type + "("));
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- recordings

    /** The newest {@code *-dec.wav} (what this phone received in its latest call); fails if there is none. */
    public Path newestRecording() {
        return findNewestRecording().orElseThrow(() -> new AssertionError(name + ": no recording (*-dec.wav) in "
                + recDir + failureContext()));
    }

    public Optional<Path> findNewestRecording() {
        if (!Files.isDirectory(recDir)) return Optional.empty();
        try (Stream<Path> files = Files.list(recDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-dec.wav"))
                    .max(Comparator.comparing((Path p) -> lastModified(p)).thenComparing(Path::toString));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * During a call: waits until the recording being written (the newest {@code *-dec.wav}, modified within the last
     * second) holds at least {@code seconds} of received audio (by file size; the WAV header is only final when the
     * call ends). Returns its path.
     */
    public Path awaitReceivedAudio(double seconds, Duration timeout) {
        long wanted = WAV_HEADER + (long) (seconds * BYTES_PER_SECOND);
        AtomicReference<Path> found = new AtomicReference<>();
        try {
            await(name + " received " + seconds + " s of audio").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Optional<Path> p = findNewestRecording();
                        if (p.isEmpty()) return false;
                        long age = System.currentTimeMillis() - lastModified(p.get());
                        if (age > 1000 || Files.size(p.get()) < wanted) return false;
                        found.set(p.get());
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + ": " + e.getMessage() + "; newest recording: " + findNewestRecording()
                    .map(p -> p + " (" + sizeOf(p) + " bytes)").orElse("none") + "; events seen: " + eventHistory()
                    + failureContext(), e);
        }
        return found.get();
    }

    /**
     * After a call: waits until the newest recording's WAV header is final (the file is closed when the call object is
     * freed, just after CALL_CLOSED) and declares at least {@code minSeconds}. Returns its path.
     */
    public Path awaitFinishedRecording(double minSeconds, Duration timeout) {
        AtomicReference<Path> found = new AtomicReference<>();
        try {
            await(name + " recording finished").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> {
                        Path p = newestRecording();
                        if (AudioAnalysis.durationSeconds(p) < minSeconds) return false;
                        found.set(p);
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + ": no finished recording of >= " + minSeconds + " s: " + findNewestRecording()
                    .map(p -> p + " (" + sizeOf(p) + " bytes)").orElse("none") + failureContext(), e);
        }
        return found.get();
    }

    // ---------------------------------------------------------------------------------------------- diagnostics

    /** The last 40 lines of baresip's output, for failure messages. */
    public String logTail() {
        return logTail(40);
    }

    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) return "(no log)";
            List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private String failureContext() {
        return "\n--- " + name + " (" + dir + ") log tail ---\n" + logTail();
    }

    private String ctrlState() {
        String closed = ctrlClosed.get();
        if (closed == null) return "";
        return " (ctrl_tcp closed: " + closed + (process != null && !process.isAlive() ? ", baresip exited with "
                + process.exitValue() : "") + ")";
    }

    @Override
    public String toString() {
        return name + " sip=" + sipPort + " ctrl=" + ctrlPort + " rtp=" + rtpPorts + " dir=" + dir;
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /** SIGTERM (baresip un-REGISTERs and exits), then SIGKILL after 2 s. Files are kept for inspection. */
    @Override
    public void close() {
        if (process != null) Processes.stop(process, 2000);
        FreePorts.releaseRtpBlock(rtpPorts);
        ctrlClosed.compareAndSet(null, "phone closed");
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(recDir);
        String source;
        int srate;
        int channels;
        if (spec.audioFile() != null) {
            source = "aufile," + spec.audioFile();
            srate = 8000;
            channels = 1;
        } else {
            source = "ausine," + spec.toneHz();
            srate = 48000; // ausine only produces 48 kHz stereo; baresip resamples to the codec
            channels = 2;
        }
        String config = String.join("\n",
                "poll_method epoll",
                "sip_listen " + spec.localAddress() + ":" + sipPort,
                "net_interface " + spec.localAddress(),
                "dns_server 127.0.0.1:53",
                "call_local_timeout 120",
                "call_max_calls " + spec.maxCalls(),
                // aubridge: a paced sink without a sound card (alsa,null burns a core per call)
                "audio_player aubridge,play-" + ctrlPort,
                "audio_alert aubridge,alert-" + ctrlPort,
                "audio_source " + source,
                "ausrc_srate " + srate,
                "ausrc_channels " + channels,
                "auplay_srate 8000",
                "auplay_channels 1",
                "audio_buffer 20-160",
                "rtp_tos 0",
                "rtp_ports " + rtpPorts,
                "rtcp_mux no",
                "jitter_buffer_delay 5-10",
                "rtp_stats no",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aubridge.so",
                "module aufile.so",
                "module ausine.so",
                "module sndfile.so",
                "module_tmp account.so",
                "module_app menu.so",
                "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + ctrlPort,
                "snd_path " + recDir.toAbsolutePath(),
                "ringback_disabled yes",
                "statmode_default off",
                "");
        Files.writeString(dir.resolve("config"), config);
        Files.writeString(dir.resolve("accounts"), spec.accountLine() + "\n");
        Files.writeString(dir.resolve("contacts"), "");
    }

    private void launch(Path binary) throws IOException {
        // -t: a safety net so an orphaned phone (JVM killed hard) quits by itself
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-4", "-t", "900", "-f", dir.toAbsolutePath().toString())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        process = Processes.track(pb.start());
    }

    private void connect(Duration timeout) {
        AtomicReference<Socket> connected = new AtomicReference<>();
        await(name + " ctrl_tcp on " + ctrlPort).atMost(timeout).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .failFast("baresip exited", () -> !process.isAlive())
                .until(() -> {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(FreePorts.LOOPBACK, ctrlPort), 500);
                        connected.set(s);
                        return true;
                    } catch (IOException e) {
                        s.close();
                        return false;
                    }
                });
        socket = connected.get();
        try {
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Thread reader = new Thread(() -> readLoop(in), "baresip-ctrl-" + spec.user() + "-" + ctrlPort);
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void send(byte[] json) {
        try {
            out.write((json.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.write(',');
            out.flush();
        } catch (IOException e) {
            throw new AssertionError(name + ": cannot send to ctrl_tcp: " + e + ctrlState() + failureContext(), e);
        }
    }

    private void readLoop(InputStream in) {
        String reason = "EOF";
        try {
            JsonNode msg;
            while ((msg = Netstring.readJson(in, JSON)) != null) {
                if (msg.path("response").asBoolean(false)) {
                    CompletableFuture<JsonNode> f = responses.get(msg.path("token").asString(""));
                    if (f != null) f.complete(msg);
                } else if (msg.path("event").asBoolean(false)) {
                    lock.lock();
                    try {
                        pending.add(msg);
                        String param = msg.path("param").asString("");
                        String type = msg.path("type").asString("?");
                        history.add(param.isEmpty() ? type : type + "(" + param + ")");
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            reason = e.toString();
        } finally {
            ctrlClosed.compareAndSet(null, reason);
            responses.values().forEach(f -> f.completeExceptionally(new IOException("ctrl_tcp closed")));
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
