package org.dialtone.sip.trunk;

import java.util.Optional;
import org.dialtone.core.dialplan.OutsideNumbers;
import org.dialtone.core.trunk.Trunk;

/**
 * Numbers as a trunk writes them: to E.164 for what a carrier sends us (called DID, caller number), and from E.164
 * in the trunk's number format for what we send. Caller data a carrier sends is shown to users and written to logs,
 * so anything that is not a number is made printable and bounded.
 */
public final class TrunkNumbers {
    /** The longest caller number or name we keep from a carrier. */
    public static final int MAX_CALLER_LENGTH = 32;

    private TrunkNumbers() {}

    /**
     * A number the trunk sent, in E.164 ({@code +} and digits): a leading {@code +} is kept; otherwise the trunk's
     * number format decides ({@code e164}/{@code e164_plus}: {@code +} added; {@code national}: read with the trunk's
     * country code); the international prefix {@code 00} is understood in every format. Visual separators
     * ({@code -.()} and spaces) and URI parameters ({@code ;...}) are ignored.
     *
     * @return empty when {@code sent} is not a telephone number
     */
    public static Optional<String> toE164(String sent, Trunk trunk) {
        if (sent == null) return Optional.empty();
        String n = sent;
        int semicolon = n.indexOf(';');
        if (semicolon >= 0) n = n.substring(0, semicolon);
        n = n.replaceAll("[\\s.()-]", "");
        if (n.startsWith("+")) return OutsideNumbers.toE164(n, null);
        if (!OutsideNumbers.allDigits(n)) return Optional.empty();
        Optional<String> byFormat = switch (trunk.numberFormat()) {
            case E164, E164_PLUS -> n.startsWith("00") ? Optional.empty() : OutsideNumbers.toE164("+" + n, null);
            case NATIONAL -> OutsideNumbers.toE164(n, trunk.countryCode());
        };
        return byFormat.isPresent() ? byFormat : OutsideNumbers.toE164(n, null);
    }

    /**
     * {@code e164} as the trunk wants it in Request-URI, To, From and P-Asserted-Identity. The national form uses the
     * trunk's country code, or the customer's when the trunk has none.
     */
    public static String forTrunk(String e164, Trunk trunk, String customerCountryCode) {
        String cc = trunk.countryCode() != null ? trunk.countryCode() : customerCountryCode;
        return OutsideNumbers.format(e164, trunk.numberFormat(), cc);
    }

    /** A caller number from a carrier: in E.164 when it reads as one, else {@link #printable} as sent; null stays null. */
    public static String callerNumber(String sent, Trunk trunk) {
        if (sent == null) return null;
        return toE164(sent, trunk).orElseGet(() -> printable(sent));
    }

    /**
     * Text from a carrier made safe to show and log: control characters removed, trimmed, at most
     * {@value #MAX_CALLER_LENGTH} characters; null for null or nothing left.
     */
    public static String printable(String s) {
        if (s == null) return null;
        String p = s.replaceAll("\\p{Cntrl}", "").strip();
        if (p.length() > MAX_CALLER_LENGTH) p = p.substring(0, MAX_CALLER_LENGTH).strip();
        return p.isEmpty() ? null : p;
    }
}
