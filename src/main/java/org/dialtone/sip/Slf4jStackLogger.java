package org.dialtone.sip;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the JAIN-SIP stack's own logging to SLF4J (the stack otherwise needs log4j 1.x). */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger log = LoggerFactory.getLogger("gov.nist.javax.sip");

    @Override public void logStackTrace() { if (log.isDebugEnabled()) log.debug("stack trace", new Throwable()); }
    @Override public void logStackTrace(int level) { logStackTrace(); }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable t) { log.warn("SIP stack exception", t); }
    @Override public void logDebug(String message) { log.debug(message); }
    @Override public void logDebug(String message, Exception e) { log.debug(message, e); }
    @Override public void logTrace(String message) { log.trace(message); }
    @Override public void logFatalError(String message) { log.error(message); }
    @Override public void logError(String message) { log.error(message); }
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
        if (e instanceof TcpConnectionRefused) log.debug("{}: {}", message, e.getMessage()); // TcpConnections logs it
        else log.error(message, e);
    }
    @Override public void logWarning(String message) { log.warn(message); }
    @Override public void logInfo(String message) { log.info(message); }
    @Override public void disableLogging() { }
    @Override public void enableLogging() { }
    @Override public void setBuildTimeStamp(String buildTimeStamp) { }
    @Override public void setStackProperties(Properties properties) { }
    @Override public String getLoggerName() { return log.getName(); }
}
