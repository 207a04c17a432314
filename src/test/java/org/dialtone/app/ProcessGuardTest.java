package org.dialtone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the process must end: the guard's decisions, with the exit recorded instead of taken. Real threads die here,
 * with the guard as their handler (not as the JVM's default, which would judge the test runner's threads too).
 */
class ProcessGuardTest {
    record Ended(String why, Throwable cause, boolean outOfMemory) {}

    private final List<Ended> ended = new CopyOnWriteArrayList<>();
    private final ProcessGuard guard = new ProcessGuard((why, cause, oom) -> ended.add(new Ended(why, cause, oom)));

    @AfterEach void stop() { guard.close(); }

    @Test
    void outOfMemoryInAnyThreadEndsTheProcessAtOnce() throws Exception {
        die("virtual-42", new OutOfMemoryError("Java heap space"));
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.outOfMemory()).isTrue();
            assertThat(e.why()).contains("out of memory").contains("virtual-42");
        });
    }

    @Test
    void anyDeathOfAThreadTheSwitchNeedsEndsTheProcessNamingIt() throws Exception {
        die("MessageProcessorThread-UDP-127.0.0.1/5060", new IllegalStateException("socket gone"));
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.outOfMemory()).isFalse();
            assertThat(e.why()).contains("MessageProcessorThread-UDP-127.0.0.1/5060").contains("socket gone");
            assertThat(e.cause()).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void theVitalThreadsAreTheSipReadersAndProcessorsTheClockAndTheWriters() {
        for (String name : List.of("MessageProcessorThread-UDP-127.0.0.1/5060", "dialtone-3-UDPMessageChannelThread-7",
                "NioSelector-TCP-127.0.0.1/5060", "media-pacing-clock", "call-records", "call-timers",
                "registration-writer", "EventScannerThread", "pool-jain_sip_timer_executor-thread-1")) {
            assertThat(ProcessGuard.isVital(name)).as(name).isTrue();
        }
        assertThat(ProcessGuard.isVital("virtual-17")).isFalse();
        assertThat(ProcessGuard.isVital("trunk-timers")).isFalse();
    }

    @Test
    void anExceptionInAnOrdinaryThreadIsLoggedAndTheProcessGoesOn() throws Exception {
        die("sync-originate-3", new IllegalStateException("one request failed"));
        assertThat(ended).isEmpty();
    }

    @Test
    void aVitalSignThatFailsEndsTheProcessOnce() throws Exception {
        AtomicBoolean reading = new AtomicBoolean(true);
        guard.watch(Map.of("the SIP socket reader", reading::get));
        reading.set(false);
        await().atMost(Duration.ofSeconds(3)).until(() -> !ended.isEmpty());
        die("call-records", new IllegalStateException("and then this"));
        assertThat(ended).singleElement().satisfies(e -> assertThat(e.why()).isEqualTo("the SIP socket reader stopped"));
    }

    private void die(String threadName, Throwable e) throws InterruptedException {
        Thread t = new Thread(() -> { throw sneaky(e); }, threadName);
        t.setUncaughtExceptionHandler(guard);
        t.start();
        t.join();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
