package org.dialtone.sip;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
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
 * unknown user and a wrong password get the same answer; a source with too many failures is refused outright; a user
 * name over {@value #MAX_USERNAME_BYTES} bytes is a 400.
 * <p>
 * Unauthenticated requests are cheap: {@link #screen} runs before the SIP server keeps any transaction, and every
 * answer it gives (challenge, 400, 403) is sent statelessly, so a spoofed INVITE costs one response and no
 * retransmissions. A request that passes carries its account to {@link #authenticate}.
 */
final class RequestAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(RequestAuthenticator.class);
    /** Longest user name (digest {@code username}, or the From user of a request without credentials) accepted. */
    static final int MAX_USERNAME_BYTES = 128;

    /** How an answer leaves: through the server transaction, or statelessly through the provider. */
    @FunctionalInterface
    private interface Answer {
        void send(Response response) throws Exception;
    }

    /** Attached to a request that {@link #screen} authenticated. */
    private record Authenticated(Extension extension) {}

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

    /** Whether {@code request} is authenticated before a transaction is kept: a REGISTER, or an INVITE opening a call. */
    static boolean screened(Request request, Dialog dialog) {
        String method = request.getMethod();
        if (Request.REGISTER.equals(method)) return true;
        if (!Request.INVITE.equals(method) || dialog != null) return false;
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null || to.getTag() == null;
    }

    /**
     * Authenticates a request that has no server transaction yet. Returns true when it authenticated (the account
     * travels with the request, for {@link #authenticate}); false when it has been answered statelessly.
     */
    boolean screen(SipProvider provider, Request request) throws Exception {
        Optional<Extension> account = check(request, provider::sendResponse);
        account.ifPresent(a -> ((SIPRequest) request).setApplicationData(new Authenticated(a)));
        return account.isPresent();
    }

    /**
     * Returns the authenticated extension, or empty after having answered the request (challenge or refusal). A
     * request that {@link #screen} let through returns its account at once.
     */
    Optional<Extension> authenticate(Request request, ServerTransaction tx) throws Exception {
        if (((SIPRequest) request).getApplicationData() instanceof Authenticated a) return Optional.of(a.extension());
        return check(request, tx::sendResponse);
    }

    private Optional<Extension> check(Request request, Answer answer) throws Exception {
        boolean proxy = !Request.REGISTER.equals(request.getMethod());
        String source = ((SIPRequest) request).getRemoteAddress().getHostAddress();
        Header credentials = request.getHeader(proxy ? "Proxy-Authorization" : "Authorization");
        DigestResponse response = null;
        if (credentials != null) {
            try {
                response = digest.parse(((SIPHeader) credentials).getHeaderValue());
            } catch (DigestParseException e) {
                log.info("{} from {}: unreadable credentials ({})", request.getMethod(), source, e.getMessage());
                answer.send(SipResponses.create(sip, request, Response.BAD_REQUEST));
                return Optional.empty();
            }
        }
        String user = response != null ? response.username() : fromUser(request);
        if (user != null && user.getBytes(StandardCharsets.UTF_8).length > MAX_USERNAME_BYTES) {
            log.info("{} from {}: user name over {} bytes refused", request.getMethod(), source, MAX_USERNAME_BYTES);
            answer.send(SipResponses.create(sip, request, Response.BAD_REQUEST));
            return Optional.empty();
        }
        // failures count per source and account (a NATed office shares one address: one phone with a wrong password
        // must not lock its neighbours out), and per source overall with a ten times higher limit (password spraying);
        // the limiter keeps only a hash of the key
        String accountKey = source + "\n" + user;
        if (failures.blocked(accountKey) || sourceFailures.blocked(source)) {
            // logged once when the block starts (below); a scanner keeps sending, and each refusal must not be a line
            log.debug("{} from {} refused: too many authentication failures", request.getMethod(), source);
            answer.send(SipResponses.create(sip, request, Response.FORBIDDEN));
            return Optional.empty();
        }
        if (response == null) {
            answer.send(challenge(request, proxy, false));
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
            case STALE -> answer.send(challenge(request, proxy, true));
            case MALFORMED -> answer.send(SipResponses.create(sip, request, Response.BAD_REQUEST));
            default -> { // wrong password, unknown user, nonce from before a restart, replay: one answer for all
                boolean accountBlocked = failures.recordFailure(accountKey);
                boolean sourceBlocked = sourceFailures.recordFailure(source);
                log.info("{} from {}: authentication failed for user '{}' ({})", request.getMethod(), source,
                        printable(response.username()), result);
                if (accountBlocked || sourceBlocked) {
                    log.warn("{} blocked after too many authentication failures{}: its requests get 403 until the "
                            + "failures age out", source, sourceBlocked ? "" : " for user '" + printable(response.username()) + "'");
                }
                answer.send(challenge(request, proxy, false));
            }
        }
        return Optional.empty();
    }

    private static String fromUser(Request request) {
        var from = (FromHeader) request.getHeader(FromHeader.NAME);
        return from != null && from.getAddress().getURI() instanceof SipURI uri ? uri.getUser() : null;
    }

    /** Client-supplied text with control characters replaced, so it cannot forge log lines. */
    private static String printable(String s) {
        return s == null ? null : s.replaceAll("\\p{Cntrl}", "?");
    }

    private Response challenge(Request request, boolean proxy, boolean stale) throws Exception {
        Response r = SipResponses.create(sip, request, proxy ? Response.PROXY_AUTHENTICATION_REQUIRED : Response.UNAUTHORIZED);
        for (String value : digest.challenges(stale)) {
            r.addHeader(sip.headers.createHeader(proxy ? "Proxy-Authenticate" : "WWW-Authenticate", value));
        }
        return r;
    }
}
