package org.dialtone.core.dialplan;

import java.util.Optional;
import org.dialtone.core.trunk.NumberFormat;

/**
 * Normalises numbers of the telephone network to E.164 ({@code +} and 8 to 15 digits) and formats them for a
 * carrier. A dialled string is an outside number when it starts with {@code +}, with the international prefix
 * {@code 00}, or with the national trunk prefix {@code 0} (then the customer's country code is put in front); for
 * country code 1 (NANP) also 10 digits, or 11 starting with 1. Anything else is not an outside number.
 */
public final class OutsideNumbers {
    /** ITU-T E.164: at most 15 digits, country code included. We ask for at least 7 (shortest real numbers). */
    static final int MIN_DIGITS = 7;
    static final int MAX_DIGITS = 15;

    private OutsideNumbers() {}

    /**
     * @param countryCode the customer's default country code (digits, no {@code +}), or null when it has none (then
     *                    only the {@code +} and {@code 00} forms are understood)
     * @return the number in E.164 with a leading {@code +}, or empty when {@code dialled} is not an outside number
     */
    public static Optional<String> toE164(String dialled, String countryCode) {
        if (dialled == null) return Optional.empty();
        String d = dialled.strip();
        String digits;
        if (d.startsWith("+")) digits = d.substring(1);
        else if (d.startsWith("00")) digits = d.substring(2);
        else if (countryCode == null || !allDigits(d)) return Optional.empty();
        else if (countryCode.equals("1")) {
            if (d.length() == 10 && d.charAt(0) != '0' && d.charAt(0) != '1') digits = "1" + d;
            else if (d.length() == 11 && d.charAt(0) == '1') digits = d;
            else return Optional.empty();
        } else if (d.startsWith("0")) digits = countryCode + d.substring(1);
        else return Optional.empty();
        if (!allDigits(digits) || digits.length() < MIN_DIGITS || digits.length() > MAX_DIGITS || digits.charAt(0) == '0') {
            return Optional.empty();
        }
        return Optional.of("+" + digits);
    }

    /**
     * An E.164 number ({@code +...}) as {@code format} writes it. The national form needs the country code; a number
     * of another country stays international ({@code 00} + digits) there.
     */
    public static String format(String e164, NumberFormat format, String countryCode) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        return switch (format) {
            case E164_PLUS -> "+" + digits;
            case E164 -> digits;
            case NATIONAL -> {
                if (countryCode == null || !digits.startsWith(countryCode)) yield "00" + digits;
                String national = digits.substring(countryCode.length());
                yield countryCode.equals("1") ? national : "0" + national;
            }
        };
    }

    /** Whether {@code s} is one or more ASCII digits. */
    public static boolean allDigits(String s) {
        if (s == null || s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
