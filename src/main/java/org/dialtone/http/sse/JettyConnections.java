package org.dialtone.http.sse;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cuts a request's TCP connection from another thread, so a writer blocked on a client that stopped reading fails. */
final class JettyConnections {
    private static final Logger log = LoggerFactory.getLogger(JettyConnections.class);

    private JettyConnections() {}

    static void abort(HttpServletRequest request) {
        try {
            ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
            if (jetty != null) {
                jetty.getConnectionMetaData().getConnection().getEndPoint().close();
                return;
            }
            log.warn("cannot reach the Jetty connection of {}; it ends at the idle timeout", request.getRequestURI());
        } catch (RuntimeException e) {
            log.debug("aborting connection failed: {}", e.toString());
        }
    }
}
