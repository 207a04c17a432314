package org.dialtone.sip;

import gov.nist.javax.sip.stack.HopImpl;
import java.util.HashSet;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;

/**
 * Decides where requests go. A device behind NAT is reached at the address its REGISTER or INVITE came from, not the
 * (private) address in its Contact, so every dialog we track records that source; other requests go to their
 * Request-URI. A dialog the switch started has a Call-ID the switch generated (unique): its pin holds for the
 * Call-ID. A dialog a device started has the device's Call-ID, which another device may use too: its pin holds only
 * for requests carrying the switch's own tag of that dialog as From tag (every request the switch sends in it does),
 * so two devices that reuse one Call-ID never redirect each other's requests. Loaded by the stack from
 * {@code javax.sip.ROUTER_PATH}, one instance per stack (the {@link SipEndpoint} holds it): no state is shared
 * between stacks in one JVM.
 */
public final class HopRouter implements Router {
    private final ConcurrentHashMap<String, Hop> pins = new ConcurrentHashMap<>();

    public HopRouter(SipStack stack, String outboundProxy) { }

    public HopRouter(SipStack stack, Properties properties) { }

    /** Requests with {@code callId}, a Call-ID the switch generated, go to {@code host:port} over {@code transport}. */
    void pin(String callId, String host, int port, String transport) {
        pins.put(callId, hop(host, port, transport));
    }

    /**
     * Requests of the dialog {@code callId} that a device started, in which the switch's tag is {@code localTag}, go
     * to {@code host:port} over {@code transport}.
     */
    void pin(String callId, String localTag, String host, int port, String transport) {
        pins.put(key(callId, localTag), hop(host, port, transport));
    }

    void unpin(String callId) { pins.remove(callId); }

    void unpin(String callId, String localTag) { pins.remove(key(callId, localTag)); }

    /** {@code address:port} of every peer a dialog is pinned to over {@code transport} (e.g. TCP flows in use). */
    Set<String> pinnedPeers(String transport) {
        Set<String> peers = new HashSet<>();
        for (Hop hop : pins.values()) {
            if (hop.getTransport().equalsIgnoreCase(transport)) peers.add(hop.getHost() + ":" + hop.getPort());
        }
        return peers;
    }

    @Override public Hop getOutboundProxy() { return null; }

    @Override
    public ListIterator<Hop> getNextHops(Request request) {
        throw new UnsupportedOperationException("getNextHops is deprecated");
    }

    @Override
    public Hop getNextHop(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        if (callId != null) {
            FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
            Hop hop = from == null || from.getTag() == null ? null : pins.get(key(callId.getCallId(), from.getTag()));
            if (hop == null) hop = pins.get(callId.getCallId());
            if (hop != null) return hop;
        }
        SipURI uri = (SipURI) request.getRequestURI();
        String transport = uri.getTransportParam() == null ? "udp" : uri.getTransportParam().toLowerCase(Locale.ROOT);
        int port = uri.getPort() > 0 ? uri.getPort() : 5060;
        return new HopImpl(uri.getHost(), port, transport);
    }

    private static Hop hop(String host, int port, String transport) {
        return new HopImpl(host, port, transport.toLowerCase(Locale.ROOT));
    }

    /** A Call-ID has no white space (RFC 3261 §25.1, word), so a space cannot occur inside either part. */
    private static String key(String callId, String localTag) { return callId + ' ' + localTag; }
}
