package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.RequiredTool;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event stream read by a client nobody here wrote: the Node {@code eventsource} package (what a Node program
 * of a customer would use), installed from the npm registry into the test's own folder on first use.
 */
class NodeEventSourceIT {
    private static final Duration T = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private SwitchFixture sw;
    private Process node;

    @AfterEach
    void stop() {
        if (node != null) node.destroyForcibly();
        if (sw != null) sw.close();
    }

    @Test
    void theNodeEventSourcePackageReceivesACallsEvents() throws Exception {
        Path client = nodeClient();
        sw = new SwitchFixture();
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        String url = "http://127.0.0.1:" + sw.dialtone.httpPort() + "/v1.0/events/sse/chan";
        Path output = client.resolveSibling("events-" + ProcessHandle.current().pid() + ".jsonl");
        node = new ProcessBuilder("node", client.toString(), url, sw.token).directory(client.getParent().toFile())
                .redirectOutput(output.toFile())
                .redirectError(client.resolveSibling("stderr.log").toFile()).start();
        await("node connected").atMost(T).ignoreExceptions().until(() -> lines(output).stream().anyMatch(j -> j.has("open")));

        alice.dial("201");
        bob.awaitEvent("CALL_ESTABLISHED", T);
        bob.hangup();
        alice.awaitEvent("CALL_CLOSED", T);

        await("five events through node").atMost(T).ignoreExceptions().until(() -> events(output).size() >= 5);
        List<JsonNode> events = events(output);
        assertThat(events).extracting(j -> j.get("event").asString())
                .containsExactly("chan.dial_begin", "chan.dial_end", "chan.bridge", "chan.hangup", "chan.hangup");
        assertThat(events).extracting(j -> j.get("id").asString()).containsExactly("1", "2", "3", "4", "5");
        JsonNode begin = events.get(0).get("data");
        assertThat(begin.get("event").asString()).isEqualTo("dial_begin");
        assertThat(begin.at("/caller/number").asString()).isEqualTo("200");
        assertThat(begin.at("/callee/number").asString()).isEqualTo("201");
        assertThat(begin.get("customer_code").asString()).isEqualTo("1000001");
    }

    /** What the node client printed so far, one JSON object per line. */
    private static List<JsonNode> lines(Path output) throws IOException {
        if (!Files.exists(output)) return List.of();
        return Files.readAllLines(output).stream().filter(l -> !l.isBlank()).map(l -> (JsonNode) JSON.readTree(l)).toList();
    }

    private static List<JsonNode> events(Path output) throws IOException {
        return lines(output).stream().filter(j -> j.has("event")).toList();
    }

    /** The client script beside its own node_modules with {@code eventsource@2} (npm install on first use). */
    private static Path nodeClient() throws IOException, InterruptedException {
        RequiredTool.require("node", "nodejs");
        RequiredTool.require("npm", "npm");
        Path dir = TestDirs.runDir().getParent().resolve("node-eventsource");
        Files.createDirectories(dir);
        if (!Files.isDirectory(dir.resolve("node_modules/eventsource"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent", "eventsource@2")
                    .directory(dir.toFile())
                    // never the test JVM's stdin/stdout: they are surefire's command and event channels, and node
                    // makes an inherited stdin non-blocking, which broke the fork's command reader (EAGAIN)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("npm.log").toFile()))
                    .redirectErrorStream(true).start();
            assertThat(npm.waitFor()).as("npm install eventsource@2 (needs the npm registry; its output: " + dir.resolve("npm.log") + ")").isZero();
        }
        Path script = dir.resolve("sse-client.js");
        try (var in = NodeEventSourceIT.class.getResourceAsStream("/node/sse-client.js")) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }
}
