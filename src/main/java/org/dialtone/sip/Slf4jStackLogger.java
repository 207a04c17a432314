package org.dialtone.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the JAIN-SIP stack's own logging to SLF4J (the stack otherwise needs log4j 1.x).
 * <p>
 * What the stack logs at INFO and above is cut to {@value #MAX_LOGGED_CHARS} characters with control characters
 * replaced, and an exception it passes along is logged as one line (its stack trace only at DEBUG): the stack puts
 * what strangers sent into these messages. Unbounded, a 30-byte datagram without a Call-ID made it log its whole
 * 64 KiB receive buffer as numbers (a 197 KB line), and a request's own line breaks could forge log lines.
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger log = LoggerFactory.getLogger("gov.nist.javax.sip");
    static final int MAX_LOGGED_CHARS = 500;

    @Override public void logStackTrace() { if (log.isDebugEnabled()) log.debug("stack trace", new Throwable()); }
    @Override public void logStackTrace(int level) { logStackTrace(); }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable t) { warn("SIP stack exception", t); }
    @Override public void logDebug(String message) { log.debug(message); }
    @Override public void logDebug(String message, Exception e) { log.debug(message, e); }
    @Override public void logTrace(String message) { log.trace(message); }
    @Override public void logFatalError(String message) { logError(message); }
    @Override public void logError(String message) { if (log.isErrorEnabled()) log.error(bounded(message)); }
    @Override public boolean isLoggingEnabled() { return log.isDebugEnabled(); }

    @Override
    public boolean isLoggingEnabled(int level) {
        return switch (level) {
            case TRACE_FATAL, TRACE_ERROR -> log.isErrorEnabled();
            case TRACE_WARN -> log.isWarnEnabled();
            case TRACE_INFO -> log.isInfoEnabled();
            case TRACE_DEBUG -> log.isDebugEnabled();
            default -> log.isTraceEnabled();
        };
    }

    @Override
    public void logError(String message, Exception e) {
        if (e instanceof TcpConnectionRefused) { // expected under a flood; TcpConnections logs and counts it
            if (log.isDebugEnabled()) log.debug("{}: {}", message, bounded(e.getMessage()));
            return;
        }
        if (log.isErrorEnabled()) log.error("{}: {}", bounded(message), bounded(String.valueOf(e)));
        if (log.isDebugEnabled()) log.debug(message, e);
    }

    @Override public void logWarning(String message) { if (log.isWarnEnabled()) log.warn(bounded(message)); }
    @Override public void logInfo(String message) { if (log.isInfoEnabled()) log.info(bounded(message)); }

    private static void warn(String message, Throwable t) {
        if (log.isWarnEnabled()) log.warn("{}: {}", message, bounded(String.valueOf(t)));
        if (log.isDebugEnabled()) log.debug(message, t);
    }

    /** {@code text} on one line, control characters replaced by '?', cut to {@link #MAX_LOGGED_CHARS} characters. */
    static String bounded(String text) {
        if (text == null) return null;
        int cut = Math.min(text.length(), MAX_LOGGED_CHARS);
        StringBuilder b = new StringBuilder(cut + 40);
        for (int i = 0; i < cut; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (cut < text.length()) b.append("... (").append(text.length() - cut).append(" more characters)");
        return b.toString();
    }
    @Override public void disableLogging() { }
    @Override public void enableLogging() { }
    @Override public void setBuildTimeStamp(String buildTimeStamp) { }
    @Override public void setStackProperties(Properties properties) { }
    @Override public String getLoggerName() { return log.getName(); }
}
