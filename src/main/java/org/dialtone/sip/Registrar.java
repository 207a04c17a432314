package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.ListIterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
 * An account has at most {@code maxContacts} contacts (0: no limit): a REGISTER that would add more changes nothing
 * and gets {@code 503} with {@code Retry-After} set to when the account's first contact expires (refreshing or
 * removing a contact is always accepted).
 */
final class Registrar {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final SipEndpoint sip;
    private final SipSettings settings;
    private final RequestAuthenticator authenticator;
    private final LocationService location;
    private final Clock clock;
    private final int maxContacts;
    private final AtomicLong refused = new AtomicLong();

    Registrar(SipEndpoint sip, SipSettings settings, RequestAuthenticator authenticator, LocationService location, Clock clock) {
        this.sip = sip;
        this.settings = settings;
        this.authenticator = authenticator;
        this.location = location;
        this.clock = clock;
        this.maxContacts = settings.limits().maxContactsPerAccount();
    }

    /** REGISTERs refused because they would have given an account more than its limit of contacts, since start. */
    long refused() { return refused.get(); }

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

        synchronized (location.lock(ext.sipUsername())) {
            if (overContactLimit(request, tx, ext.sipUsername(), defaultExpires)) return;
            if (!bind(request, tx, ext, defaultExpires, source, transport, callId, userAgent)) return;
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

    /**
     * Whether the REGISTER would leave {@code user} with more contacts than allowed; if so it has been answered
     * {@code 503} (with {@code Retry-After}: when the first of the account's contacts expires) and nothing changed.
     */
    private boolean overContactLimit(Request request, ServerTransaction tx, String user, int defaultExpires)
            throws Exception {
        if (maxContacts == 0) return false;
        var live = location.contacts(user);
        Set<String> bound = new HashSet<>();
        for (Registration r : live) bound.add(r.contactUri());
        Set<String> after = new HashSet<>(bound);
        ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (contact.getAddress().isWildcard()) return false; // removes them all
            int expires = contact.getExpires() >= 0 ? contact.getExpires() : defaultExpires;
            String uri = contact.getAddress().getURI().toString();
            if (expires == 0) after.remove(uri);
            else after.add(uri);
        }
        if (after.size() <= maxContacts || after.size() <= bound.size()) return false;
        long now = clock.instant().getEpochSecond();
        long retryAfter = live.stream().mapToLong(r -> r.expiresAt().getEpochSecond() - now).min().orElse(1);
        refused.incrementAndGet();
        log.warn("REGISTER of {} refused: it has {} contacts, at most {} are allowed (limits.max_contacts_per_account)",
                user, bound.size(), maxContacts);
        Response r = SipResponses.create(sip, request, Response.SERVICE_UNAVAILABLE);
        r.setReasonPhrase("Too Many Registered Contacts");
        r.addHeader(sip.headers.createRetryAfterHeader((int) Math.max(1, Math.min(retryAfter, Integer.MAX_VALUE))));
        tx.sendResponse(r);
        return true;
    }

    /** Adds, refreshes and removes the REGISTER's contacts; false if it has been answered with an error. */
    private boolean bind(Request request, ServerTransaction tx, Extension ext, int defaultExpires, String source,
                         String transport, String callId, String userAgent) throws Exception {
        ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (contact.getAddress().isWildcard()) {
                if (defaultExpires != 0) {
                    SipResponses.send(sip, tx, request, Response.BAD_REQUEST);
                    return false;
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
                return false;
            }
            expires = Math.min(expires, settings.maxExpires());
            Instant until = clock.instant().plusSeconds(expires);
            location.save(new Registration(ext.sipUsername(), uri, source, transport, callId, until, userAgent));
            log.debug("{} registered {} from {}/{} for {} s", ext.sipUsername(), uri, source, transport, expires);
        }
        return true;
    }

    private static Iterable<String> toStrings(ListIterator<?> it) {
        java.util.List<String> out = new java.util.ArrayList<>();
        while (it.hasNext()) out.add(String.valueOf(it.next()));
        return out;
    }
}
