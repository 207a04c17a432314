package org.dialtone.sip;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;
import org.dialtone.sip.auth.AuthFailureLimiter;
import org.dialtone.sip.auth.DigestAuthenticator;
import org.dialtone.sip.auth.DigestParseException;
import org.dialtone.sip.auth.DigestResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication of REGISTER (401/Authorization) and INVITE (407/Proxy-Authorization) in one place. An
 * unknown user and a wrong password get the same answer; a source with too many failures is refused outright.
 */
final class RequestAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(RequestAuthenticator.class);

    private final SipEndpoint sip;
    private final Directory directory;
    private final DigestAuthenticator digest;
    private final AuthFailureLimiter failures;
    private final AuthFailureLimiter sourceFailures;

    /**
     * @param failures       failed attempts per source address and account
     * @param sourceFailures failed attempts per source address, whatever the account
     */
    RequestAuthenticator(SipEndpoint sip, Directory directory, DigestAuthenticator digest, AuthFailureLimiter failures,
                         AuthFailureLimiter sourceFailures) {
        this.sip = sip;
        this.directory = directory;
        this.digest = digest;
        this.failures = failures;
        this.sourceFailures = sourceFailures;
    }

    /**
     * Returns the authenticated extension, or empty after having answered the request (challenge or refusal).
     */
    Optional<Extension> authenticate(Request request, ServerTransaction tx) throws Exception {
        boolean proxy = !Request.REGISTER.equals(request.getMethod());
        String source = ((SIPRequest) request).getRemoteAddress().getHostAddress();
        Header credentials = request.getHeader(proxy ? "Proxy-Authorization" : "Authorization");
        DigestResponse response = null;
        if (credentials != null) {
            try {
                response = digest.parse(((SIPHeader) credentials).getHeaderValue());
            } catch (DigestParseException e) {
                log.info("{} from {}: unreadable credentials ({})", request.getMethod(), source, e.getMessage());
                SipResponses.send(sip, tx, request, Response.BAD_REQUEST);
                return Optional.empty();
            }
        }
        // failures count per source and account (a NATed office shares one address: one phone with a wrong password
        // must not lock its neighbours out), and per source overall with a ten times higher limit (password spraying)
        String accountKey = source + "/" + (response != null ? response.username() : fromUser(request));
        if (failures.blocked(accountKey) || sourceFailures.blocked(source)) {
            log.warn("{} from {} refused: too many authentication failures", request.getMethod(), source);
            SipResponses.send(sip, tx, request, Response.FORBIDDEN);
            return Optional.empty();
        }
        if (response == null) {
            challenge(request, tx, proxy, false);
            return Optional.empty();
        }
        Optional<Extension> account = directory.bySipUsername(response.username());
        DigestAuthenticator.Result result = digest.verify(response, request.getMethod(),
                request.getRequestURI().toString(), account.map(Extension::credentials).orElse(null));
        switch (result) {
            case OK -> {
                failures.reset(accountKey);
                return account;
            }
            case STALE -> challenge(request, tx, proxy, true);
            case MALFORMED -> SipResponses.send(sip, tx, request, Response.BAD_REQUEST);
            default -> { // wrong password, unknown user, nonce from before a restart, replay: one answer for all
                failures.recordFailure(accountKey);
                sourceFailures.recordFailure(source);
                log.info("{} from {}: authentication failed for user '{}' ({})", request.getMethod(), source,
                        printable(response.username()), result);
                challenge(request, tx, proxy, false);
            }
        }
        return Optional.empty();
    }

    private static String fromUser(Request request) {
        var from = (javax.sip.header.FromHeader) request.getHeader(javax.sip.header.FromHeader.NAME);
        return from != null && from.getAddress().getURI() instanceof javax.sip.address.SipURI uri ? uri.getUser() : null;
    }

    /** Client-supplied text with control characters replaced, so it cannot forge log lines. */
    private static String printable(String s) {
        return s == null ? null : s.replaceAll("\\p{Cntrl}", "?");
    }

    private void challenge(Request request, ServerTransaction tx, boolean proxy, boolean stale) throws Exception {
        Response r = SipResponses.create(sip, request, proxy ? Response.PROXY_AUTHENTICATION_REQUIRED : Response.UNAUTHORIZED);
        for (String value : digest.challenges(stale)) {
            r.addHeader(sip.headers.createHeader(proxy ? "Proxy-Authenticate" : "WWW-Authenticate", value));
        }
        tx.sendResponse(r);
    }
}
