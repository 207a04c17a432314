package org.dialtone.testing;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Input generators for {@link Fuzzer}: mutations of valid seed inputs (which reach deep into a parser, past its first
 * checks) mixed with purely random text. Mutations flip, insert, delete, duplicate and splice pieces, put boundary
 * numbers where numbers were, shuffle and repeat lines, and cut the text short. Inputs stay under {@link #MAX_LENGTH}
 * characters, about what a SIP message can carry.
 */
public final class FuzzInputs {
    public static final int MAX_LENGTH = 70_000;
    /** Characters that mean something to SIP, SDP and digest parsers, plus controls and non-ASCII. */
    private static final String SPECIAL = " \t\r\n\"\\,;:=/@<>[]()*+-._~%'`!?#&|$^{}\u0000\u0001\u007f\u00a0\u00e9\u2028\ufeff\uffff";
    private static final List<String> BOUNDARY_NUMBERS = List.of("0", "-1", "1", "00000000", "127", "128", "255", "256",
            "65535", "65536", "99999", "2147483647", "2147483648", "-2147483648", "9223372036854775807",
            "9223372036854775808", "99999999999999999999999", "ffffffff", "1e9", "0x10", "+5", "", " 1", "١٢٣");

    private FuzzInputs() {}

    /** Mostly mutations of {@code seeds} (1 to 4 stacked), sometimes random text or a splice of two seeds. */
    public static Function<Random, String> mutationsOf(List<String> seeds) {
        if (seeds.isEmpty()) throw new IllegalArgumentException("no seeds");
        return random -> {
            int kind = random.nextInt(20);
            if (kind == 0) return randomText(random, random.nextInt(200));
            String s = seeds.get(random.nextInt(seeds.size()));
            if (kind == 1) s = splice(random, s, seeds.get(random.nextInt(seeds.size())));
            int rounds = 1 + random.nextInt(4);
            for (int i = 0; i < rounds; i++) s = mutate(random, s);
            return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s;
        };
    }

    /** One mutation of {@code s}. */
    static String mutate(Random random, String s) {
        if (s.isEmpty()) return randomText(random, 1 + random.nextInt(8));
        int at = random.nextInt(s.length() + 1);
        return switch (random.nextInt(11)) {
            case 0 -> s.substring(0, at) + randomChar(random) + s.substring(at); // insert
            case 1 -> at < s.length() ? s.substring(0, at) + randomChar(random) + s.substring(at + 1) : s; // replace
            case 2 -> { // delete a range
                int end = Math.min(s.length(), at + 1 + random.nextInt(16));
                yield s.substring(0, Math.min(at, end)) + s.substring(end);
            }
            case 3 -> { // duplicate a range, sometimes many times (long repeated structures)
                int end = Math.min(s.length(), at + 1 + random.nextInt(40));
                String piece = s.substring(Math.min(at, end), end);
                int times = random.nextInt(8) == 0 ? 1 + random.nextInt(Math.max(1, MAX_LENGTH / Math.max(1, piece.length()) / 2))
                        : 1 + random.nextInt(3);
                yield s.substring(0, end) + piece.repeat(times) + s.substring(end);
            }
            case 4 -> s.substring(0, at); // truncate
            case 5 -> replaceNumber(random, s);
            case 6 -> shuffleLines(random, s);
            case 7 -> repeatLine(random, s);
            case 8 -> s.substring(0, at) + randomText(random, 1 + random.nextInt(12)) + s.substring(at);
            case 9 -> flipCase(random, s);
            default -> s.substring(0, at) + SPECIAL.charAt(random.nextInt(SPECIAL.length())) + s.substring(at);
        };
    }

    /** Random characters, weighted towards the special ones. */
    public static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(randomChar(random));
        return b.toString();
    }

    private static char randomChar(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> SPECIAL.charAt(random.nextInt(SPECIAL.length()));
            case 1 -> (char) random.nextInt(0x80);
            case 2 -> (char) ('0' + random.nextInt(10));
            default -> (char) random.nextInt(0x10000); // any UTF-16 unit, lone surrogates included
        };
    }

    private static String splice(Random random, String a, String b) {
        return a.substring(0, random.nextInt(a.length() + 1)) + b.substring(random.nextInt(b.length() + 1));
    }

    /** Replaces one run of digits with a boundary number. */
    private static String replaceNumber(Random random, String s) {
        int start = random.nextInt(s.length());
        while (start < s.length() && !Character.isDigit(s.charAt(start))) start++;
        if (start == s.length()) return s;
        int end = start;
        while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
        return s.substring(0, start) + BOUNDARY_NUMBERS.get(random.nextInt(BOUNDARY_NUMBERS.size())) + s.substring(end);
    }

    private static String shuffleLines(Random random, String s) {
        String[] lines = s.split("\n", -1);
        if (lines.length < 2) return s;
        int i = random.nextInt(lines.length);
        int j = random.nextInt(lines.length);
        String t = lines[i];
        lines[i] = lines[j];
        lines[j] = t;
        return String.join("\n", lines);
    }

    /** Repeats one line, up to thousands of times (10,000 m= lines...). */
    private static String repeatLine(Random random, String s) {
        String[] lines = s.split("\n", -1);
        int i = random.nextInt(lines.length);
        String line = lines[i] + "\n";
        int times = random.nextInt(4) == 0 ? Math.min(10_000, MAX_LENGTH / Math.max(1, line.length())) : 1 + random.nextInt(5);
        lines[i] = line.repeat(times - 1) + lines[i];
        return String.join("\n", lines);
    }

    private static String flipCase(Random random, String s) {
        char[] chars = s.toCharArray();
        for (int n = 0; n < 1 + random.nextInt(4); n++) {
            int i = random.nextInt(chars.length);
            chars[i] = Character.isUpperCase(chars[i]) ? Character.toLowerCase(chars[i]) : Character.toUpperCase(chars[i]);
        }
        return new String(chars);
    }

    /** {@code s} with control and non-ASCII characters escaped, cut to {@code max} characters, for messages. */
    public static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            if (c == '\r') b.append("\\r");
            else if (c == '\n') b.append("\\n");
            else if (c < 0x20 || c >= 0x7f) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        if (b.length() >= max) b.append("…");
        return b.toString();
    }
}
