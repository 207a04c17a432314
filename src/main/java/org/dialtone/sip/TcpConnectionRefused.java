package org.dialtone.sip;

import java.io.IOException;

/**
 * Thrown by the TCP processor when it refuses a new connection (a limit of {@link TcpConnections}): the stack's selector
 * loop logs whatever its accept throws, and {@link Slf4jStackLogger} keeps this expected case out of the error log.
 * Refusals are logged (rate-limited) and counted by {@link TcpConnections} instead.
 */
final class TcpConnectionRefused extends IOException {
    TcpConnectionRefused(String message) { super(message); }

    @Override
    public synchronized Throwable fillInStackTrace() { return this; } // expected, and frequent under attack
}
