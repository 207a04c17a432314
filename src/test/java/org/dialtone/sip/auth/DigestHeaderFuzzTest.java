package org.dialtone.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.testing.FuzzInputs;
import org.dialtone.testing.Fuzzer;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, fuzzing: the Authorization header is the first thing the switch reads from a stranger. Whatever the header
 * says, {@link DigestAuthenticator#parse} returns credentials or throws {@link DigestParseException} (the switch then
 * answers 400), {@link DigestAuthenticator#verify} returns a result, and neither hangs. Each test runs for
 * {@link Fuzzer#budget()}.
 */
class DigestHeaderFuzzTest {
    private static final String REALM = "dialtone";
    private final DigestAuthenticator auth = new DigestAuthenticator(new byte[32], REALM, Duration.ofMinutes(5),
            Clock.systemUTC()).offering(List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256));
    private final DigestCredentials account = DigestCredentials.derive("200", REALM, "pw200-secret");

    /** Credentials as phones and attack tools really send them, and the odd corners of the grammar. */
    private final List<String> seeds = List.of(
            // baresip 1.0
            "Digest username=\"200\",realm=\"dialtone\",nonce=\"" + auth.challenges(false).get(0).replaceAll(".*nonce=\"([^\"]*)\".*", "$1")
                    + "\",uri=\"sip:127.0.0.1:5060\",response=\"0123456789abcdef0123456789abcdef\",cnonce=\"5e1b\","
                    + "qop=auth,nc=00000001,algorithm=MD5,opaque=\"op\"",
            // sipp 3.6.1
            "Digest username=\"200\",realm=\"dialtone\",cnonce=\"6b8b4567\",nc=00000001,qop=auth,"
                    + "uri=\"sip:127.0.0.1:5060\",nonce=\"abc\",response=\"d41d8cd98f00b204e9800998ecf8427e\",algorithm=MD5",
            // sipvicious 0.3.3 (svcrack)
            "Digest username=\"200\",realm=\"dialtone\",nonce=\"n\",uri=\"sip:127.0.0.1\",cnonce=\"f1\",nc=00000002,"
                    + "algorithm=MD5,qop=auth,response=\"d41d8cd98f00b204e9800998ecf8427e\",opaque=\"o\"",
            // RFC 7616 §3.9.1, with line folding
            """
                    Digest username="Mufasa",
                        realm="http-auth@example.org",
                        uri="/dir/index.html",
                        algorithm=SHA-256,
                        nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                        nc=00000001,
                        cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
                        qop=auth,
                        response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                        opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
                    """,
            "Digest username=\"al\\\"ice\\\\\", uri=\"sip:a,b@example.com;x=\\\"y\\\"\", realm=\"dialtone\",,, ",
            "digest USERNAME = 200 , Realm = dialtone , nonce= \"\" , response=\"\"",
            "Digest username=\"" + "u".repeat(300) + "\", realm=\"dialtone\", nc=ffffffff, qop=\"auth,auth-int\"",
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
            "Digest");

    @Test
    void parseReturnsCredentialsOrThrowsDigestParseExceptionAndVerifyAlwaysAnswers() {
        Fuzzer.Summary s = Fuzzer.run("digest-header", FuzzInputs.mutationsOf(seeds), DigestParseException.class,
                input -> {
                    DigestResponse r = auth.parse(input);
                    assertThat(r).isNotNull();
                    for (String method : List.of("REGISTER", "INVITE")) {
                        assertThat(auth.verify(r, method, "sip:127.0.0.1:5060", account)).isNotNull();
                        assertThat(auth.verify(r, method, r.uri() == null ? "sip:x" : r.uri(), null)).isNotNull();
                    }
                });
        assertEnoughOfBoth(s);
    }

    @Test
    void anyParameterListWrittenByTheGrammarReadsBackToTheSameValues() {
        // the generator writes a header with random names and values, quoted (with escapes) or bare where the grammar
        // allows; parsing it must give back exactly those values, under lower-cased names
        Fuzzer.Summary s = Fuzzer.run("digest-roundtrip", random -> {
            Map<String, String> p = parameters(random);
            return Map.entry(header(random, p), p);
        }, e -> e.getKey() + "\nexpected: " + e.getValue(), DigestParseException.class, e -> {
            assertThat(DigestHeaderParser.parse(e.getKey())).as(e.getKey()).containsExactlyEntriesOf(e.getValue());
        });
        assertThat(s.inputs()).as("headers tried").isGreaterThan(1_000);
        assertThat(s.refused()).as("well-formed headers refused").isZero();
    }

    private static void assertEnoughOfBoth(Fuzzer.Summary s) {
        // a run that only ever hit the first check (or never refused anything) would prove little
        assertThat(s.inputs()).as("inputs tried").isGreaterThan(1_000);
        assertThat(s.refused()).as("inputs refused with the declared exception").isPositive();
        assertThat(s.accepted()).as("inputs parsed").isPositive();
    }

    private static Map<String, String> parameters(Random random) {
        Map<String, String> p = new LinkedHashMap<>();
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            String name = token(random, 1 + random.nextInt(10));
            p.putIfAbsent(name.toLowerCase(Locale.ROOT), random.nextBoolean() ? token(random, 1 + random.nextInt(20))
                    : FuzzInputs.randomText(random, random.nextInt(30)));
        }
        return p;
    }

    private static String header(Random random, Map<String, String> p) {
        StringBuilder b = new StringBuilder(random.nextBoolean() ? "Digest" : "dIgEsT").append(ws(random, 1));
        boolean first = true;
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (!first) b.append(ws(random, 0)).append(random.nextInt(8) == 0 ? ",," : ",").append(ws(random, 0));
            first = false;
            String name = random.nextBoolean() ? e.getKey() : e.getKey().toUpperCase(Locale.ROOT);
            b.append(name).append(ws(random, 0)).append('=').append(ws(random, 0));
            boolean bare = isToken(e.getValue()) && random.nextBoolean();
            b.append(bare ? e.getValue() : DigestAuthenticator.quote(e.getValue()));
        }
        return b.append(ws(random, 0)).toString();
    }

    private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";

    private static String token(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        return b.toString();
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> TOKEN_CHARS.indexOf(c) >= 0);
    }

    private static String ws(Random random, int min) {
        return Stream.of(" ", "\t", "\r\n ", "  ").limit(min + random.nextInt(2)).reduce("", String::concat);
    }
}
