package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The README's configuration reference names every key the loader knows, so a new key cannot go undocumented. */
class ReadmeConfigurationTest {

    @Test
    void everyConfigurationKeyIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> keys = new ArrayList<>();
        collect(ConfigLoader.defaults(), "", keys);
        assertThat(keys).as("keys found in the defaults").contains("sip.udp_port", "customers", "trunks");
        assertThat(keys).as("keys missing from README.md (write each as `key.path` in the configuration table)")
                .allMatch(key -> readme.contains("`" + key + "`"));
    }

    private static void collect(JsonNode node, String prefix, List<String> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) collect(e.getValue(), path, out);
            else out.add(path);
        }
    }
}
