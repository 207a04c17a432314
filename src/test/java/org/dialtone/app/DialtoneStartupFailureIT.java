package org.dialtone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dialtone.app.config.ConfigLoader;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.Test;

/** A switch that cannot start gives back what it had already opened: its SIP ports are free again at once. */
class DialtoneStartupFailureIT {

    @Test
    void aBusyHttpPortReleasesTheSipPortsAlreadyBound() throws Exception {
        int sip = FreePorts.udpAndTcp();
        Path dir = TestDirs.newDir("startup-failure");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("dialtone.yaml"), """
                    sip: {bind_address: 127.0.0.1, udp_port: %d, tcp_port: %d}
                    http: {bind_address: 127.0.0.1, port: %d}
                    rtp: {bind_address: 127.0.0.1, port_min: 43100, port_max: 43198}
                    data_dir: %s
                    """.formatted(sip, sip, busy.getLocalPort(), dir.resolve("data")));
            var cfg = ConfigLoader.load(config, Map.of());
            assertThatThrownBy(() -> Dialtone.start(cfg, new PrintStream(OutputStream.nullOutputStream())))
                    .hasMessageContaining(String.valueOf(busy.getLocalPort()));
        }
        assertThat(FreePorts.isUdpFree(sip)).as("SIP UDP port released").isTrue();
        assertThat(FreePorts.isTcpFree(sip)).as("SIP TCP port released").isTrue();
    }
}
