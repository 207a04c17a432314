package org.dialtone.app.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rules a customer, extension, API token, DID or ring group must meet, written once and applied both to the YAML
 * ({@link ConfigValidator}, {@link RoutingValidator}) and to the management API. Each returns the problem as the
 * second half of a sentence that starts with the field's name ("must be 7 digits, got ..."), or empty when the value
 * is fine. No rule echoes a password or token.
 */
public final class ConfigRules {
    /** Shortest SIP password accepted: shorter ones fall to a digest cracker (svcrack) in minutes. */
    public static final int MIN_SIP_PASSWORD = 8;
    /** Shortest plain API token accepted. */
    public static final int MIN_TOKEN = 16;
    private static final String NUMBER = "\\d{1,20}";

    private ConfigRules() {}

    public static Optional<String> customerCode(String code) {
        return code != null && code.matches("\\d{7}") ? Optional.empty() : Optional.of("must be 7 digits, got " + quote(code));
    }

    /** A name (customer, ring group, admin token label). */
    public static Optional<String> notBlank(String value) {
        return value == null || value.isBlank() ? Optional.of("must not be empty") : Optional.empty();
    }

    /** An extension or ring group number. */
    public static Optional<String> number(String number) {
        return number != null && number.matches(NUMBER) ? Optional.empty()
                : Optional.of("must be 1-20 digits, got " + quote(number));
    }

    public static Optional<String> sipUsername(String user) {
        if (user == null || user.isBlank()) return Optional.of("must not be empty");
        if (!user.matches("[A-Za-z0-9._~!$&'()*+,;=-]+")) {
            return Optional.of("may only contain letters, digits and . _ ~ ! $ & ' ( ) * + , ; = -, got " + quote(user));
        }
        return Optional.empty();
    }

    public static Optional<String> sipPassword(String password) {
        if (password == null || password.isBlank()) return Optional.of("must not be empty");
        if (password.codePointCount(0, password.length()) < MIN_SIP_PASSWORD) {
            return Optional.of("must be at least " + MIN_SIP_PASSWORD + " characters");
        }
        return Optional.empty();
    }

    /** A plain API or admin token. */
    public static Optional<String> token(String token) {
        return token == null || token.length() < MIN_TOKEN
                ? Optional.of("must be at least " + MIN_TOKEN + " characters") : Optional.empty();
    }

    public static Optional<String> tokenSha256(String hex) {
        return hex != null && hex.matches("[0-9a-fA-F]{64}") ? Optional.empty()
                : Optional.of("must be 64 hex digits (SHA-256 of the token)");
    }

    /** A ring group's number: digits, not one of the customer's extensions, not a parking spot. */
    public static Optional<String> ringGroupNumber(String number, Set<String> extensions, Predicate<String> isSpot) {
        Optional<String> digits = number(number);
        if (digits.isPresent()) return digits;
        if (extensions.contains(number)) return Optional.of(number + " is already an extension of this customer");
        if (isSpot.test(number)) return Optional.of(number + " is a parking spot (parking.first_spot-parking.last_spot)");
        return Optional.empty();
    }

    /**
     * The problems of a ring group's member list, by index ({@code -1}: the list as a whole): at least one member,
     * each an extension of the customer, none twice.
     */
    public static Map<Integer, String> ringGroupMembers(List<String> members, Set<String> extensions) {
        Map<Integer, String> problems = new LinkedHashMap<>();
        if (members.isEmpty()) {
            problems.put(-1, "must list at least one extension");
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (int m = 0; m < members.size(); m++) {
            String member = members.get(m);
            if (member == null || !extensions.contains(member)) {
                problems.put(m, "ring group member that is not an extension of this customer: " + quote(member));
            } else if (!seen.add(member)) {
                problems.put(m, "extension " + member + " is listed twice");
            }
        }
        return problems;
    }

    public static Optional<String> ringTimeout(Integer seconds) {
        return seconds != null && seconds < 1 ? Optional.of("must be at least 1, got " + seconds) : Optional.empty();
    }

    /** A DID's number; {@code countryCode} (null: none) lets national numbers through. */
    public static Optional<String> didNumber(String number, String countryCode) {
        if (RoutingConfig.didNumber(number, countryCode).isPresent()) return Optional.empty();
        return Optional.of("must be an E.164 number (+ and 7-15 digits)" + (countryCode == null
                ? " (national numbers need the customer's country_code)"
                : " or a national number of country code " + countryCode) + ", got " + quote(number));
    }

    /** Where a DID leads: an extension, ring group or parking spot of its customer. */
    public static Optional<String> didDestination(String to, Set<String> extensions, Set<String> ringGroups,
                                                  Predicate<String> isSpot) {
        if (to != null && (extensions.contains(to) || ringGroups.contains(to) || isSpot.test(to))) return Optional.empty();
        return Optional.of("must be an extension, ring group or parking spot of this customer, got " + quote(to));
    }

    static String quote(String value) { return value == null ? "nothing" : "\"" + value + "\""; }
}
