package org.dialtone.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every SIP message at TRACE (logger {@code org.dialtone.sip.wire}); silent otherwise. */
public final class Slf4jServerLogger implements ServerLogger {
    private static final Logger log = LoggerFactory.getLogger("org.dialtone.sip.wire");

    @Override public void closeLogFile() { }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (log.isTraceEnabled()) log.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, message.encode());
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, sender, 0);
    }

    @Override public void logException(Exception e) { log.debug("SIP stack exception", e); }
    @Override public void setStackProperties(Properties properties) { }
    @Override public void setSipStack(SipStack stack) { }
}
