package org.dialtone.sip.auth;

import java.text.ParseException;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;

/**
 * Whether the {@code uri} of a digest response names the request it came with (RFC 3261 §22.4, RFC 7616 §3.4.6).
 * Without this check, credentials computed for one request could be lifted onto another one with a different
 * Request-URI (e.g. an INVITE's credentials onto another callee). The two are the same when the strings are equal, or
 * when both parse as URIs that are equal under the comparison rules of RFC 3261 §19.1.4 (case-insensitive scheme and
 * host, the same user, port and parameters); a digest {@code uri} that does not parse never matches a different
 * string.
 * <p>
 * One more form is accepted: the Request-URI's server alone, {@code sip:host:port} with no user and no parameters.
 * sipp (3.6.1) puts exactly that in every response, whatever the request; its credentials are then bound to this
 * switch rather than to one callee. A phone that sends its real Request-URI (baresip, and every phone tested) keeps
 * the full binding: the uri is covered by the response hash, so nobody can turn its credentials into that form.
 */
public final class DigestUri {
    private static final AddressFactory ADDRESSES = addressFactory();

    private DigestUri() {}

    /**
     * @param digestUri  the {@code uri} parameter of the Authorization / Proxy-Authorization header, as sent
     * @param requestUri the Request-URI of the request, as the stack encodes it
     */
    public static boolean sameResource(String digestUri, String requestUri) {
        if (digestUri == null || requestUri == null) return false;
        if (digestUri.equals(requestUri)) return true;
        try {
            URI digest = ADDRESSES.createURI(digestUri.strip());
            URI request = ADDRESSES.createURI(requestUri.strip());
            return digest.equals(request) || digest.equals(serverOf(request));
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** {@code sip:host:port} of a SIP Request-URI (user, parameters and headers dropped); null for other schemes. */
    private static URI serverOf(URI requestUri) throws ParseException {
        if (!(requestUri instanceof SipURI sip)) return null;
        SipURI server = ADDRESSES.createSipURI(null, sip.getHost());
        if (sip.getPort() > 0) server.setPort(sip.getPort());
        server.setSecure(sip.isSecure());
        return server;
    }

    private static AddressFactory addressFactory() {
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            return factory.createAddressFactory();
        } catch (PeerUnavailableException e) {
            throw new IllegalStateException("JAIN-SIP address factory unavailable", e);
        }
    }
}
