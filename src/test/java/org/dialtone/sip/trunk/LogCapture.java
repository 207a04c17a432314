package org.dialtone.sip.trunk;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the named loggers log (at their configured levels) while open. */
final class LogCapture implements AutoCloseable {
    private final List<Logger> loggers;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(String... names) {
        loggers = java.util.Arrays.stream(names).map(n -> (Logger) LoggerFactory.getLogger(n)).toList();
        appender.start();
        loggers.forEach(l -> l.addAppender(appender));
    }

    /** Formatted messages at {@code level}. */
    List<String> messages(Level level) {
        synchronized (appender.list) {
            return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Every message and stack trace, for "never logs X" checks. */
    String everything() {
        synchronized (appender.list) {
            StringBuilder b = new StringBuilder();
            for (ILoggingEvent e : appender.list) {
                b.append(e.getFormattedMessage()).append('\n');
                if (e.getThrowableProxy() != null) b.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
            return b.toString();
        }
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.detachAppender(appender));
        appender.stop();
    }
}
