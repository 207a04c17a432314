package org.dialtone.sip;

import gov.nist.javax.sip.stack.HopImpl;
import java.util.ListIterator;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;

/**
 * Decides where requests go. A device behind NAT is reached at the address its REGISTER or INVITE came from, not the
 * (private) address in its Contact, so every dialog we track records that source per Call-ID; other requests go to
 * their Request-URI. Loaded by the stack from {@code javax.sip.ROUTER_PATH}, one instance per stack (the
 * {@link SipEndpoint} holds it): no state is shared between stacks in one JVM.
 */
public final class HopRouter implements Router {
    private final ConcurrentHashMap<String, Hop> byCallId = new ConcurrentHashMap<>();

    public HopRouter(SipStack stack, String outboundProxy) { }

    public HopRouter(SipStack stack, Properties properties) { }

    /** Requests of dialog {@code callId} are sent to {@code host:port} over {@code transport}. */
    void pin(String callId, String host, int port, String transport) {
        byCallId.put(callId, new HopImpl(host, port, transport.toLowerCase(java.util.Locale.ROOT)));
    }

    void unpin(String callId) { byCallId.remove(callId); }

    @Override public Hop getOutboundProxy() { return null; }

    @Override
    public ListIterator<Hop> getNextHops(Request request) {
        throw new UnsupportedOperationException("getNextHops is deprecated");
    }

    @Override
    public Hop getNextHop(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        if (callId != null) {
            Hop hop = byCallId.get(callId.getCallId());
            if (hop != null) return hop;
        }
        SipURI uri = (SipURI) request.getRequestURI();
        String transport = uri.getTransportParam() == null ? "udp" : uri.getTransportParam().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : 5060;
        return new HopImpl(uri.getHost(), port, transport);
    }
}
