package org.dialtone.core.load;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether the switch takes a new call now. Asked for every new call before any work is done for it: by the SIP
 * adapter for each new INVITE (refused with {@code 503} and {@code Retry-After}) and by originate ({@code 503
 * unavailable}). Calls already up are never asked about: they keep their audio and can hang up.
 */
@FunctionalInterface
public interface Admission {
    /** Takes every call: no limits configured, or not wired yet. */
    Admission ALWAYS = Optional::empty;

    /** Empty: a new call may start now. Otherwise why not, and when the caller may try again. */
    Optional<Refusal> refusal();

    /**
     * @param reason     what is over its limit, for logs and error messages (e.g. {@code "active calls 200 >= 200"})
     * @param retryAfter when to try again (SIP {@code Retry-After}, HTTP {@code Retry-After})
     */
    record Refusal(String reason, Duration retryAfter) {}
}
