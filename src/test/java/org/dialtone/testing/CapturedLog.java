package org.dialtone.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything the named loggers log (at their configured levels) while open, for "logs X" and "never logs Y" checks. */
public final class CapturedLog implements AutoCloseable {
    private final List<Logger> loggers;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLog(String... loggerNames) {
        loggers = Arrays.stream(loggerNames).map(n -> (Logger) LoggerFactory.getLogger(n)).toList();
        appender.start();
        loggers.forEach(l -> l.addAppender(appender));
    }

    /** The events so far, in order. */
    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** How many events at {@code level} contain {@code text} in their formatted message. */
    public int count(Level level, String text) {
        return (int) events().stream()
                .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text)).count();
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.detachAppender(appender));
        appender.stop();
    }
}
