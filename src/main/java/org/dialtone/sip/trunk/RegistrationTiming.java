package org.dialtone.sip.trunk;

import java.time.Duration;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Response;

/**
 * The clock of a registration: how long the registrar granted (RFC 3261 §10.2.4), when to refresh, and how long to
 * back off after a failure.
 */
final class RegistrationTiming {
    /** The first retry after a failure; each further failure doubles it, up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** A registrar's Retry-After is honoured up to this long (a broken one must not silence us for days). */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** A refresh goes out at least this long before the registration runs out... */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(5);

    private RegistrationTiming() {}

    /**
     * When to refresh a registration granted for {@code granted}: at 80 % of it, and at least
     * {@link #REFRESH_MARGIN} before the end, but never before half of it has passed (very short grants).
     */
    static Duration refreshDelay(Duration granted) {
        long ms = granted.toMillis();
        long at = Math.min(ms * 8 / 10, ms - REFRESH_MARGIN.toMillis());
        return Duration.ofMillis(Math.max(at, ms / 2));
    }

    /**
     * How long to wait before trying again after {@code failures} failures in a row (1 = the first): the registrar's
     * {@code Retry-After} when it sent one, else 5 s, 10 s, 20 s ... capped at 5 minutes.
     *
     * @param retryAfter null when the response had none
     */
    static Duration retryDelay(int failures, Duration retryAfter) {
        if (retryAfter != null && retryAfter.isPositive()) {
            return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        int doublings = Math.min(Math.max(failures, 1) - 1, 16);
        Duration d = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** The Retry-After of a response, or null. */
    static Duration retryAfter(Response response) {
        RetryAfterHeader h = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
        return h == null || h.getRetryAfter() <= 0 ? null : Duration.ofSeconds(h.getRetryAfter());
    }

    /**
     * What a 2xx to our REGISTER granted: the {@code expires} parameter of our own Contact in it (or of its only
     * Contact, when the registrar rewrote ours), else its Expires header, else what we asked for.
     */
    static Duration granted(Response ok, ContactHeader ours, Duration requested) {
        ContactHeader only = null;
        int contacts = 0;
        ListIterator<?> it = ok.getHeaders(ContactHeader.NAME);
        while (it != null && it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            contacts++;
            only = c;
            if (sameBinding(c.getAddress().getURI(), ours.getAddress().getURI()) && c.getExpires() > 0) {
                return Duration.ofSeconds(c.getExpires());
            }
        }
        if (contacts == 1 && only.getExpires() > 0) return Duration.ofSeconds(only.getExpires());
        ExpiresHeader expires = ok.getExpires();
        if (expires != null && expires.getExpires() > 0) return Duration.ofSeconds(expires.getExpires());
        return requested;
    }

    /** RFC 3261 §10.3 step 7 in short: same host, port (5060 when absent) and transport. */
    private static boolean sameBinding(URI a, URI b) {
        if (!(a instanceof SipURI x) || !(b instanceof SipURI y)) return false;
        return x.getHost().equalsIgnoreCase(y.getHost()) && port(x) == port(y) && transport(x).equals(transport(y));
    }

    private static int port(SipURI u) { return u.getPort() > 0 ? u.getPort() : NextHop.DEFAULT_PORT; }

    private static String transport(SipURI u) {
        return u.getTransportParam() == null ? "udp" : u.getTransportParam().toLowerCase(Locale.ROOT);
    }
}
