package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Arrays;
import org.dialtone.testing.CapturedLog;
import org.junit.jupiter.api.Test;

class Slf4jStackLoggerTest {
    private final Slf4jStackLogger logger = new Slf4jStackLogger();

    @Test
    void whatTheStackLogsAboutABadDatagramIsOneBoundedLine() {
        // what JAIN-SIP logs for a 30-byte datagram without a Call-ID: its whole 64 KiB receive buffer, as numbers
        byte[] buffer = new byte[65_536];
        System.arraycopy("INVITE sip:x SIP/2.0\r\n\r\n".getBytes(), 0, buffer, 0, 24);
        String huge = "Error while processing incoming UDP packet" + Arrays.toString(buffer);
        assertThat(huge.length()).isGreaterThan(190_000);
        var stackLogger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("gov.nist.javax.sip");
        Level configured = stackLogger.getLevel();
        stackLogger.setLevel(Level.INFO); // the tests' logback configuration shows only its errors
        try (CapturedLog log = new CapturedLog("gov.nist.javax.sip")) {
            logger.logError(huge, new Exception("Bad CSeq method INVITE sip:x SIP/2.0\r\nX-Forged: log line"));
            logger.logError("plain\r\nX-Forged: second line");
            logger.logWarning("w".repeat(10_000));
            logger.logException(new IllegalStateException("boom\nX-Forged: third line"));

            assertThat(log.events()).hasSize(4).allSatisfy(e -> {
                assertThat(e.getFormattedMessage()).hasSizeLessThan(2 * Slf4jStackLogger.MAX_LOGGED_CHARS + 100)
                        .doesNotContain("\r").doesNotContain("\n");
                assertThat(e.getThrowableProxy()).as("stack traces only at DEBUG").isNull();
            });
            ILoggingEvent first = log.events().get(0);
            assertThat(first.getLevel()).isEqualTo(Level.ERROR);
            assertThat(first.getFormattedMessage()).startsWith("Error while processing incoming UDP packet[73, 78")
                    .contains("more characters)").contains("Bad CSeq method INVITE sip:x SIP/2.0??X-Forged");
            assertThat(log.events().get(1).getFormattedMessage()).isEqualTo("plain??X-Forged: second line");
            assertThat(log.events().get(2).getLevel()).isEqualTo(Level.WARN);
        } finally {
            stackLogger.setLevel(configured);
        }
    }
}
