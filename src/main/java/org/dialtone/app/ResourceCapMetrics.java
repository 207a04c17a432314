package org.dialtone.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.dialtone.core.call.CallService;
import org.dialtone.sip.SipServer;

/**
 * Meters of the resource caps ({@code limits:}, docs/security.md): calls refused per limit
 * ({@code dialtone_calls_refused_total{limit="customer"|"account"}}), REGISTERs refused for too many contacts, and the
 * SIP/TCP connections (open, refused per limit, closed idle).
 */
final class ResourceCapMetrics {
    private ResourceCapMetrics() {}

    static void register(MeterRegistry metrics, CallService calls, SipServer sip) {
        FunctionCounter.builder("dialtone.calls.refused", calls, CallService::callsRefusedForCustomerLimit)
                .tag("limit", "customer").description("new calls refused: their customer was at its limit of calls")
                .register(metrics);
        FunctionCounter.builder("dialtone.calls.refused", sip, SipServer::callsRefusedForAccountLimit)
                .tag("limit", "account")
                .description("calls refused (placed, or to ring) because a SIP account was at its limit of calls")
                .register(metrics);
        FunctionCounter.builder("dialtone.sip.registrations.refused", sip, SipServer::registrationsRefused)
                .description("REGISTERs refused: the account was at its limit of contacts").register(metrics);
        Gauge.builder("dialtone.sip.tcp.connections", sip, SipServer::tcpConnections)
                .description("SIP/TCP connections accepted and open").register(metrics);
        FunctionCounter.builder("dialtone.sip.tcp.refused", sip, s -> s.tcpConnectionsRefused(true))
                .tag("limit", "total").description("SIP/TCP connections refused: too many open").register(metrics);
        FunctionCounter.builder("dialtone.sip.tcp.refused", sip, s -> s.tcpConnectionsRefused(false))
                .tag("limit", "per_ip").description("SIP/TCP connections refused: too many open from one address")
                .register(metrics);
        FunctionCounter.builder("dialtone.sip.tcp.closed.idle", sip, SipServer::tcpConnectionsClosedIdle)
                .description("SIP/TCP connections closed: no registration or call, no SIP message in time")
                .register(metrics);
    }
}
