package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ListIterator;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.location.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER (RFC 3261 §10): authenticates, then adds, refreshes or removes the contacts of the account. Expiry is
 * bounded by min/max; the device is reached later at the address the REGISTER came from (NAT), over its transport.
 */
final class Registrar {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final SipEndpoint sip;
    private final SipSettings settings;
    private final RequestAuthenticator authenticator;
    private final LocationService location;
    private final Clock clock;

    Registrar(SipEndpoint sip, SipSettings settings, RequestAuthenticator authenticator, LocationService location, Clock clock) {
        this.sip = sip;
        this.settings = settings;
        this.authenticator = authenticator;
        this.location = location;
        this.clock = clock;
    }

    void register(Request request, ServerTransaction tx) throws Exception {
        Optional<Extension> account = authenticator.authenticate(request, tx);
        if (account.isEmpty()) return;
        Extension ext = account.get();
        URI aor = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        String aorUser = aor instanceof SipURI s ? s.getUser() : null;
        if (aorUser == null || !(aorUser.equals(ext.sipUsername()) || aorUser.equals(ext.number()))) {
            log.info("REGISTER for {} with credentials of {} refused", aorUser, ext.sipUsername());
            SipResponses.send(sip, tx, request, Response.FORBIDDEN);
            return;
        }
        ExpiresHeader expiresHeader = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        int defaultExpires = expiresHeader != null ? expiresHeader.getExpires() : settings.defaultExpires();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        SIPRequest raw = (SIPRequest) request;
        String source = raw.getRemoteAddress().getHostAddress() + ":" + raw.getRemotePort();
        String transport = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(java.util.Locale.ROOT);
        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        String userAgent = ua == null ? null : String.join(" ", toStrings(ua.getProduct()));

        ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (contact.getAddress().isWildcard()) {
                if (defaultExpires != 0) {
                    SipResponses.send(sip, tx, request, Response.BAD_REQUEST);
                    return;
                }
                location.removeAll(ext.sipUsername());
                continue;
            }
            int expires = contact.getExpires() >= 0 ? contact.getExpires() : defaultExpires;
            String uri = contact.getAddress().getURI().toString();
            if (expires == 0) {
                location.remove(ext.sipUsername(), uri);
                log.info("{} unregistered {}", ext.sipUsername(), uri);
                continue;
            }
            if (expires < settings.minExpires()) {
                Response brief = SipResponses.create(sip, request, Response.INTERVAL_TOO_BRIEF);
                brief.addHeader(sip.headers.createMinExpiresHeader(settings.minExpires()));
                tx.sendResponse(brief);
                return;
            }
            expires = Math.min(expires, settings.maxExpires());
            Instant until = clock.instant().plusSeconds(expires);
            location.save(new Registration(ext.sipUsername(), uri, source, transport, callId, until, userAgent));
            log.debug("{} registered {} from {}/{} for {} s", ext.sipUsername(), uri, source, transport, expires);
        }
        Response ok = SipResponses.create(sip, request, Response.OK);
        Instant now = clock.instant();
        for (Registration r : location.contacts(ext.sipUsername())) {
            ContactHeader c = sip.headers.createContactHeader(sip.addresses.createAddress(r.contactUri()));
            c.setExpires((int) Math.max(0, r.expiresAt().getEpochSecond() - now.getEpochSecond()));
            ok.addHeader(c);
        }
        ok.addHeader(sip.headers.createDateHeader(java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("GMT"))));
        tx.sendResponse(ok);
    }

    private static Iterable<String> toStrings(ListIterator<?> it) {
        java.util.List<String> out = new java.util.ArrayList<>();
        while (it.hasNext()) out.add(String.valueOf(it.next()));
        return out;
    }
}
