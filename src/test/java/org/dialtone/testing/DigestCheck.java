package org.dialtone.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an HTTP digest (RFC 2617 / RFC 3261 22.4) a client sent in an {@code Authorization} or
 * {@code Proxy-Authorization} header, MD5 with or without {@code qop=auth}. sipp 3.6.1's {@code <verifyauth>} only
 * reads {@code Authorization}, so the tests check a {@code Proxy-Authorization} (answer to a 407) with this, from
 * sipp's message log.
 */
public final class DigestCheck {
    private static final Pattern PARAM = Pattern.compile("([A-Za-z-]+)\\s*=\\s*(\"([^\"]*)\"|[^\\s,]+)");

    private DigestCheck() {}

    /** The parameters of a {@code Digest ...} header value ({@code username}, {@code realm}, {@code nonce}, ...). */
    public static Map<String, String> params(String headerValue) {
        String v = headerValue.strip();
        if (!v.regionMatches(true, 0, "Digest ", 0, 7)) throw new IllegalArgumentException("not a digest: " + headerValue);
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(v.substring(7));
        while (m.find()) out.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(3) != null ? m.group(3) : m.group(2));
        return out;
    }

    /**
     * Whether {@code authorization} (the header value) is a correct MD5 digest for {@code method} with
     * {@code username} / {@code password}, computed over the nonce {@code expectedNonce} that was issued.
     */
    public static boolean valid(String authorization, String method, String username, String password,
                                String expectedNonce) {
        Map<String, String> p = params(authorization);
        if (!username.equals(p.get("username")) || !expectedNonce.equals(p.get("nonce"))) return false;
        String algorithm = p.getOrDefault("algorithm", "MD5");
        if (!algorithm.equalsIgnoreCase("MD5")) return false;
        String ha1 = md5(username + ":" + p.get("realm") + ":" + password);
        String ha2 = md5(method + ":" + p.get("uri"));
        String qop = p.get("qop");
        String expected = qop == null
                ? md5(ha1 + ":" + p.get("nonce") + ":" + ha2)
                : md5(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":" + qop + ":" + ha2);
        return expected.equalsIgnoreCase(p.getOrDefault("response", ""));
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
