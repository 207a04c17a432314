package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.sip.trunk.TestTrunks.CARRIER;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dialtone.core.call.CallRecordRepository;
import org.dialtone.core.call.CallService;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.event.InProcessEventBus;
import org.dialtone.core.location.RegistrationRepository;
import org.dialtone.core.trunk.TrunkCredentials;
import org.dialtone.media.MediaEngine;
import org.dialtone.media.MediaSettings;
import org.dialtone.sip.CallIntake;
import org.dialtone.sip.SipServer;
import org.dialtone.sip.TestSipServers;
import org.dialtone.sip.SipSettings;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.Test;

/**
 * The SIP server starts the trunk clients of the trunks it is given, on real time, routes their responses to them,
 * and un-REGISTERs when it closes.
 */
class TrunkClientsInSipServerIT {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void registersKeepsAliveAndUnregistersOnClose() throws Exception {
        try (Sipp registrar = Sipp.scenario("uas-register.xml").localAddress(CARRIER).calls(0)
                     .timeout(Duration.ofSeconds(60)).args("-trace_msg").start();
             Sipp alive = Sipp.scenario("trunk-options-200.xml").localAddress(CARRIER).calls(0)
                     .timeout(Duration.ofSeconds(60)).start()) {
            Trunks trunks = new Trunks(List.of(
                    TestTrunks.registering("reg", registrar.sipPort(), new TrunkCredentials("reguser", "regpass"),
                            Duration.ofSeconds(600)),
                    TestTrunks.keptAlive("alive", alive.sipPort(), Duration.ofMillis(300))));
            TrunkState reg = trunks.byName("reg").orElseThrow();
            TrunkState up = trunks.byName("alive").orElseThrow();

            try (var rig = new Rig(trunks)) {
                await("registered").atMost(T).until(reg::isRegistered);
                assertThat(up.isUp()).isTrue();
                alive.close();
                await("down after two missed OPTIONS").atMost(T).until(() -> !up.isUp());
            }
            assertThat(reg.isRegistered()).isFalse();
            String messages;
            try (var files = Files.list(registrar.dir())) {
                messages = Files.readString(files.filter(f -> f.getFileName().toString().endsWith("_messages.log"))
                        .findFirst().orElseThrow(), StandardCharsets.ISO_8859_1);
            }
            assertThat(messages).as("the un-REGISTER reached the registrar").containsPattern("(?m)^Expires: 0\\s*$");
        }
    }

    /** A SIP server with nothing but the trunks: no customers, no stored registrations. */
    private static final class Rig implements AutoCloseable {
        final MediaEngine media;
        final CallService calls;
        final SipServer server;
        private final TestSipServers.Running running;

        Rig(Trunks trunks) throws Exception {
            Directory directory = new Directory(empty(CustomerRepository.class));
            var rtp = FreePorts.rtpBlock();
            media = new MediaEngine(new MediaSettings("127.0.0.1", rtp.first(), rtp.last()), new SimpleMeterRegistry());
            calls = new CallService(directory, new InProcessEventBus(), empty(CallRecordRepository.class),
                    new CallService.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), 701, 710, Duration.ofSeconds(60)));
            int port = FreePorts.udpAndTcp();
            running = TestSipServers.start(new SipSettings("127.0.0.1", "127.0.0.1", port, port, "test", 60, 3600, 600,
                    Duration.ofMinutes(5), 100, false), directory, empty(RegistrationRepository.class), media,
                    CallIntake.of(calls), trunks, calls::signalling);
            server = running.server();
        }

        @Override
        public void close() {
            running.close();
            calls.close();
            media.close();
        }
    }

    /** An implementation that holds nothing: empty lists and optionals, zero, false. */
    @SuppressWarnings("unchecked")
    private static <T> T empty(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Class<?> r = method.getReturnType();
            if (method.getName().equals("toString")) return "empty " + type.getSimpleName();
            if (method.getName().equals("hashCode")) return System.identityHashCode(proxy);
            if (method.getName().equals("equals")) return proxy == args[0];
            if (r == List.class) return List.of();
            if (r == Optional.class) return Optional.empty();
            if (r == int.class) return 0;
            if (r == long.class) return 0L;
            if (r == boolean.class) return false;
            return null;
        });
    }
}
