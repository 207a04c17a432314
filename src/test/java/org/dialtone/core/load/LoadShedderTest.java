package org.dialtone.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dialtone.core.load.Admission.Refusal;
import org.dialtone.core.load.LoadShedder.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoadShedderTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private double calls;
    private double heap;
    private double queue;
    private final Trigger callsTrigger = new Trigger("calls", () -> calls, 10, "");
    private final LoadShedder shedder = new LoadShedder(List.of(callsTrigger,
            new Trigger("heap", () -> heap, 0.85, "%"), new Trigger("sip_queue", () -> queue, 0, "")),
            Duration.ofSeconds(5), Duration.ofSeconds(2), now::get);
    private final Logger logger = (Logger) LoggerFactory.getLogger(LoadShedder.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    LoadShedderTest() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach void detach() { logger.detachAppender(log); }

    @Test
    void belowEveryLimitEveryCallIsTaken() {
        calls = 9;
        heap = 0.84;
        queue = 1_000_000; // its limit is 0: off
        assertThat(shedder.refusal()).isEmpty();
        shedder.evaluate();
        assertThat(shedder.shedding()).isFalse();
        assertThat(log.list).isEmpty();
    }

    @Test
    void aTriggerAtItsLimitRefusesNewCallsSayingWhyAndWhenToRetry() {
        calls = 10;
        Refusal refusal = shedder.refusal().orElseThrow();
        assertThat(refusal.reason()).isEqualTo("calls 10 >= 10");
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shedder.shedding()).isTrue();
        assertThat(shedder.over(callsTrigger)).isTrue();

        calls = 3;
        heap = 0.9;
        assertThat(shedder.refusal().orElseThrow().reason()).isEqualTo("heap 90% >= 85%");
        assertThat(shedder.refused()).isEqualTo(2);
    }

    @Test
    void oneLineWhenSheddingStartsAndOneWhenItEndsHoweverManyCallsAreRefused() {
        for (int i = 0; i < 50; i++) { // hovering at the limit: a call ends, the next is taken, the one after refused
            calls = 10;
            assertThat(shedder.refusal()).isPresent();
            calls = 9;
            assertThat(shedder.refusal()).isEmpty();
        }
        calls = 0;
        assertThat(shedder.refusal()).as("a call under the limit is taken at once").isEmpty();
        now.addAndGet(Duration.ofMillis(1900).toNanos());
        shedder.evaluate();
        assertThat(shedder.shedding()).as("an episode lasts until no trigger was over for the calm time").isTrue();
        now.addAndGet(Duration.ofMillis(200).toNanos());
        shedder.evaluate();
        assertThat(shedder.shedding()).isFalse();

        assertThat(log.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(log.list.get(0).getFormattedMessage()).contains("shedding load (calls 10 >= 10)")
                .contains("503").contains("Retry-After 5 s");
        assertThat(log.list.get(1).getFormattedMessage()).contains("taking new calls again")
                .contains(shedder.refused() + " new call(s) refused");
    }

    @Test
    void thePeriodicEvaluationStartsAnEpisodeWithoutWaitingForACall() {
        heap = 0.95;
        shedder.evaluate();
        assertThat(shedder.shedding()).isTrue();
        assertThat(shedder.refused()).isZero();
        assertThat(shedder.snapshot()).containsEntry("shedding", true);
        assertThat(shedder.snapshot().get("triggers").toString()).contains("heap").doesNotContain("sip_queue");
    }
}
