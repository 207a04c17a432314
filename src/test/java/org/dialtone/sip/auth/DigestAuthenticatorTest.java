package org.dialtone.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.sip.auth.DigestAuthenticator.Result;
import org.junit.jupiter.api.Test;

class DigestAuthenticatorTest {

    static final byte[] SECRET = "0123456789abcdef-test-secret".getBytes(StandardCharsets.UTF_8);
    static final String REALM = "dialtone";
    static final String URI = "sip:dialtone.example";
    static final DigestCredentials ALICE = DigestCredentials.derive("alice", REALM, "s3cret");

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final DigestAuthenticator auth = new DigestAuthenticator(SECRET, REALM, Duration.ofMinutes(5), clock);

    /** What a phone would send back for {@code challenge}, with digest arithmetic done independently of production code. */
    static String phoneAnswer(String challenge, String user, String password, String nc, String method) throws Exception {
        Map<String, String> c = DigestHeaderParser.parse(challenge);
        String jdkAlg = c.get("algorithm").equals("SHA-256") ? "SHA-256" : "MD5";
        String cnonce = "0a4f113b";
        String response = DigestResponseCalculatorTest.independent(jdkAlg, user + ":" + c.get("realm") + ":" + password,
                c.get("nonce") + ":" + nc + ":" + cnonce + ":auth", method + ":" + URI);
        return "Digest username=\"" + user + "\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce")
                + "\", uri=\"" + URI + "\", response=\"" + response + "\", algorithm=" + c.get("algorithm")
                + ", cnonce=\"" + cnonce + "\", opaque=\"" + c.get("opaque") + "\", qop=auth, nc=" + nc;
    }

    Result verify(String header, DigestCredentials creds) throws Exception {
        return auth.verify(auth.parse(header), "REGISTER", URI, creds);
    }

    String sha256Challenge() { return auth.challenges(false).get(0); }

    @Test void challengesOfferSha256ThenMd5WithOneNonce() throws Exception {
        List<String> challenges = auth.challenges(false);
        assertThat(challenges).hasSize(2);
        assertThat(challenges.get(0)).startsWith("Digest realm=\"dialtone\", nonce=\"")
                .endsWith("\", algorithm=SHA-256, qop=\"auth\"");
        assertThat(challenges.get(1)).endsWith("\", algorithm=MD5, qop=\"auth\"");
        Map<String, String> sha = DigestHeaderParser.parse(challenges.get(0));
        Map<String, String> md5 = DigestHeaderParser.parse(challenges.get(1));
        assertThat(sha.get("nonce")).isEqualTo(md5.get("nonce")).matches("[A-Za-z0-9_-]{48}");
        assertThat(sha.get("opaque")).isEqualTo(md5.get("opaque")).isNotBlank();
        assertThat(sha).doesNotContainKey("stale");
        assertThat(auth.challenges(false).get(0)).isNotEqualTo(challenges.get(0)); // fresh nonce every time
    }

    @Test void staleChallengeCarriesFlag() {
        assertThat(auth.challenges(true)).allSatisfy(c -> assertThat(c).endsWith(", qop=\"auth\", stale=true"));
    }

    @Test void roundTripSha256AndMd5() throws Exception {
        List<String> challenges = auth.challenges(false);
        assertThat(verify(phoneAnswer(challenges.get(0), "alice", "s3cret", "00000001", "REGISTER"), ALICE))
                .isEqualTo(Result.OK);
        // both challenges share the nonce, so nc 1 with the other algorithm is a reuse of that nonce count
        assertThat(verify(phoneAnswer(challenges.get(1), "alice", "s3cret", "00000001", "REGISTER"), ALICE))
                .isEqualTo(Result.REPLAY);
        assertThat(verify(phoneAnswer(auth.challenges(false).get(1), "alice", "s3cret", "00000001", "REGISTER"), ALICE))
                .isEqualTo(Result.OK);
    }

    @Test void wrongMethodIsWrong() throws Exception {
        String header = phoneAnswer(sha256Challenge(), "alice", "s3cret", "00000001", "INVITE");
        assertThat(verify(header, ALICE)).isEqualTo(Result.WRONG);
    }

    @Test void absentAlgorithmMeansMd5AndUpperCaseHexIsAccepted() throws Exception {
        String header = phoneAnswer(auth.challenges(false).get(1), "alice", "s3cret", "00000001", "REGISTER")
                .replace(", algorithm=MD5", "");
        assertThat(verify(header, ALICE)).isEqualTo(Result.OK);
        String other = phoneAnswer(auth.challenges(false).get(1), "alice", "s3cret", "00000001", "REGISTER");
        String response = DigestHeaderParser.parse(other).get("response");
        assertThat(verify(other.replace(response, response.toUpperCase()), ALICE)).isEqualTo(Result.OK);
    }

    @Test void responseWithoutQopIsRefusedLikeAWrongPassword() throws Exception {
        // RFC 2069 form: correct password, but no nonce count, so nothing would stop a replay for the nonce lifetime
        String nonce = DigestHeaderParser.parse(sha256Challenge()).get("nonce");
        String response = DigestResponseCalculatorTest.independent("MD5", "alice:dialtone:s3cret", nonce,
                "REGISTER:" + URI);
        String header = "Digest username=\"alice\",realm=\"dialtone\",nonce=\"" + nonce + "\",uri=\"" + URI
                + "\",response=\"" + response + "\"";
        assertThat(verify(header, ALICE)).isEqualTo(Result.WRONG);
        assertThat(verify(header + ",algorithm=MD5", ALICE)).isEqualTo(Result.WRONG);
    }

    @Test void everyChallengeOffersQopAuth() {
        assertThat(auth.challenges(false)).allSatisfy(c -> assertThat(DigestHeaderParser.parse(c)).containsEntry("qop", "auth"));
        DigestAuthenticator md5Only = new DigestAuthenticator(SECRET, REALM, Duration.ofMinutes(5), clock)
                .offering(List.of(DigestAlgorithm.MD5));
        assertThat(md5Only.challenges(false)).singleElement().asString().contains("qop=\"auth\"");
    }

    @Test void onlyOfferedAlgorithmsAreAccepted() throws Exception {
        DigestAuthenticator md5Only = new DigestAuthenticator(SECRET, REALM, Duration.ofMinutes(5), clock)
                .offering(List.of(DigestAlgorithm.MD5));
        // a SHA-256 answer to an MD5-only challenge: correct password, same nonce, but SHA-256 was not offered
        String md5Challenge = md5Only.challenges(false).get(0);
        String sha256Answer = phoneAnswer(md5Challenge.replace("algorithm=MD5", "algorithm=SHA-256"), "alice",
                "s3cret", "00000001", "REGISTER");
        assertThat(md5Only.verify(md5Only.parse(sha256Answer), "REGISTER", URI, ALICE)).isEqualTo(Result.WRONG);
        String md5Answer = phoneAnswer(md5Challenge, "alice", "s3cret", "00000002", "REGISTER");
        assertThat(md5Only.verify(md5Only.parse(md5Answer), "REGISTER", URI, ALICE)).isEqualTo(Result.OK);
    }

    @Test void digestUriMustNameTheRequestUri() throws Exception {
        String header = phoneAnswer(sha256Challenge(), "alice", "s3cret", "00000001", "REGISTER");
        // credentials computed for sip:dialtone.example, lifted onto a request for another URI
        assertThat(auth.verify(auth.parse(header), "REGISTER", "sip:bob@elsewhere.example", ALICE))
                .isEqualTo(Result.WRONG);
        assertThat(auth.verify(auth.parse(header), "REGISTER", "sip:dialtone.example:5080", ALICE))
                .isEqualTo(Result.WRONG);
        String toBob = phoneAnswer(sha256Challenge(), "alice", "s3cret", "00000001", "INVITE")
                .replace("uri=\"" + URI, "uri=\"sip:bob@dialtone.example");
        assertThat(auth.verify(auth.parse(toBob), "INVITE", "sip:mallory@dialtone.example", ALICE))
                .as("credentials computed for a call to bob do not authorise a call to mallory")
                .isEqualTo(Result.WRONG);
        // the same URI written differently (RFC 3261 §19.1.4: scheme and host are case-insensitive) is the same
        assertThat(auth.verify(auth.parse(header), "REGISTER", "SIP:Dialtone.Example", ALICE)).isEqualTo(Result.OK);
    }

    @Test void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        String challenge = sha256Challenge();
        assertThat(verify(phoneAnswer(challenge, "alice", "guess", "00000001", "REGISTER"), ALICE))
                .isEqualTo(Result.WRONG);
        assertThat(verify(phoneAnswer(challenge, "mallory", "guess", "00000002", "REGISTER"), null))
                .isEqualTo(Result.WRONG);
        // even the dummy account's own "password" cannot match: the dummy is random
        assertThat(verify(phoneAnswer(challenge, "unknown-user", "", "00000003", "REGISTER"), null))
                .isEqualTo(Result.WRONG);
    }

    @Test void credentialsOfAnotherRealmOrAnswerForAnotherRealmAreWrong() throws Exception {
        DigestCredentials otherRealm = DigestCredentials.derive("alice", "elsewhere", "s3cret");
        assertThat(verify(phoneAnswer(sha256Challenge(), "alice", "s3cret", "00000001", "REGISTER"), otherRealm))
                .isEqualTo(Result.WRONG);
        String foreign = sha256Challenge().replace("realm=\"dialtone\"", "realm=\"elsewhere\"");
        assertThat(verify(phoneAnswer(foreign, "alice", "s3cret", "00000001", "REGISTER"), otherRealm))
                .isEqualTo(Result.WRONG);
    }

    @Test void expiredNonceWithCorrectDigestIsStaleButWithWrongDigestIsWrong() throws Exception {
        String challenge = sha256Challenge();
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThat(verify(phoneAnswer(challenge, "alice", "s3cret", "00000001", "REGISTER"), ALICE))
                .isEqualTo(Result.STALE);
        assertThat(verify(phoneAnswer(challenge, "alice", "guess", "00000002", "REGISTER"), ALICE))
                .isEqualTo(Result.WRONG);
    }

    @Test void nonceStillValidAtEndOfLifetime() throws Exception {
        String challenge = sha256Challenge();
        clock.advance(Duration.ofMinutes(5));
        assertThat(verify(phoneAnswer(challenge, "alice", "s3cret", "00000001", "REGISTER"), ALICE))
                .isEqualTo(Result.OK);
    }

    @Test void forgedNoncesAreWrong() throws Exception {
        String challenge = sha256Challenge();
        String nonce = DigestHeaderParser.parse(challenge).get("nonce");
        char flipped = nonce.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = nonce.substring(0, 10) + flipped + nonce.substring(11);
        assertThat(verify(phoneAnswer(challenge.replace(nonce, tampered), "alice", "s3cret", "00000001", "REGISTER"),
                ALICE)).isEqualTo(Result.WRONG);
        assertThat(verify(phoneAnswer(challenge.replace(nonce, "not base64 !"), "alice", "s3cret", "00000001",
                "REGISTER"), ALICE)).isEqualTo(Result.WRONG);
        assertThat(verify(phoneAnswer(challenge.replace(nonce, "abcd"), "alice", "s3cret", "00000001", "REGISTER"),
                ALICE)).isEqualTo(Result.WRONG);

        byte[] otherSecret = "another-secret-of-enough-length".getBytes(StandardCharsets.UTF_8);
        String foreignChallenge = new DigestAuthenticator(otherSecret, REALM, Duration.ofMinutes(5), clock)
                .challenges(false).get(0);
        assertThat(verify(phoneAnswer(foreignChallenge, "alice", "s3cret", "00000001", "REGISTER"), ALICE))
                .isEqualTo(Result.WRONG);
    }

    @Test void nonceCountMustStrictlyIncrease() throws Exception {
        String challenge = sha256Challenge();
        assertThat(verify(phoneAnswer(challenge, "alice", "s3cret", "00000001", "REGISTER"), ALICE)).isEqualTo(Result.OK);
        assertThat(verify(phoneAnswer(challenge, "alice", "s3cret", "00000001", "REGISTER"), ALICE))
                .isEqualTo(Result.REPLAY);
        assertThat(verify(phoneAnswer(challenge, "alice", "s3cret", "00000002", "REGISTER"), ALICE)).isEqualTo(Result.OK);
        assertThat(verify(phoneAnswer(challenge, "alice", "s3cret", "0000000A", "REGISTER"), ALICE)).isEqualTo(Result.OK);
        assertThat(verify(phoneAnswer(challenge, "alice", "s3cret", "00000009", "REGISTER"), ALICE))
                .isEqualTo(Result.REPLAY);
    }

    @Test void wrongAttemptsDoNotBurnNonceCounts() throws Exception {
        String challenge = sha256Challenge();
        assertThat(verify(phoneAnswer(challenge, "alice", "guess", "00000099", "REGISTER"), ALICE))
                .isEqualTo(Result.WRONG);
        assertThat(verify(phoneAnswer(challenge, "alice", "s3cret", "00000001", "REGISTER"), ALICE)).isEqualTo(Result.OK);
    }

    @Test void evictedNonceIsReportedStaleInsteadOfAcceptingAPossibleReplay() throws Exception {
        DigestAuthenticator small = new DigestAuthenticator(SECRET, REALM, Duration.ofMinutes(5), clock, 2);
        String first = small.challenges(false).get(0);
        clock.advance(Duration.ofSeconds(1));
        String second = small.challenges(false).get(0);
        clock.advance(Duration.ofSeconds(1));
        String third = small.challenges(false).get(0);
        for (String challenge : List.of(first, second, third)) {
            String header = phoneAnswer(challenge, "alice", "s3cret", "00000001", "REGISTER");
            assertThat(small.verify(small.parse(header), "REGISTER", URI, ALICE)).isEqualTo(Result.OK);
        }
        String replayOfFirst = phoneAnswer(first, "alice", "s3cret", "00000002", "REGISTER");
        assertThat(small.verify(small.parse(replayOfFirst), "REGISTER", URI, ALICE)).isEqualTo(Result.STALE);
        String nextOfThird = phoneAnswer(third, "alice", "s3cret", "00000002", "REGISTER");
        assertThat(small.verify(small.parse(nextOfThird), "REGISTER", URI, ALICE)).isEqualTo(Result.OK);
    }

    @Test void opaqueMustMatchWhenPresent() throws Exception {
        String header = phoneAnswer(sha256Challenge(), "alice", "s3cret", "00000001", "REGISTER");
        String opaque = DigestHeaderParser.parse(header).get("opaque");
        assertThat(verify(header.replace(opaque, "bogus"), ALICE)).isEqualTo(Result.WRONG);
        assertThat(verify(header.replace(", opaque=\"" + opaque + "\"", ""), ALICE)).isEqualTo(Result.OK);
    }

    @Test void unsupportedAlgorithmOrQopIsWrong() throws Exception {
        String header = phoneAnswer(auth.challenges(false).get(1), "alice", "s3cret", "00000001", "REGISTER");
        assertThat(verify(header.replace("algorithm=MD5", "algorithm=MD5-sess"), ALICE)).isEqualTo(Result.WRONG);
        assertThat(verify(header.replace("qop=auth", "qop=auth-int"), ALICE)).isEqualTo(Result.WRONG);
    }

    @Test void missingOrMalformedFieldsAreMalformedNotExceptions() throws Exception {
        String header = phoneAnswer(sha256Challenge(), "alice", "s3cret", "00000001", "REGISTER");
        Map<String, String> p = DigestHeaderParser.parse(header);
        assertThat(verify(header.replace("response=\"" + p.get("response") + "\", ", ""), ALICE))
                .isEqualTo(Result.MALFORMED);
        assertThat(verify(header.replace("nonce=\"" + p.get("nonce") + "\", ", ""), ALICE)).isEqualTo(Result.MALFORMED);
        assertThat(verify(header.replace("username=\"alice\", ", ""), ALICE)).isEqualTo(Result.MALFORMED);
        assertThat(verify(header.replace("uri=\"" + URI + "\", ", ""), ALICE)).isEqualTo(Result.MALFORMED);
        assertThat(verify(header.replace("cnonce=\"0a4f113b\", ", ""), ALICE)).isEqualTo(Result.MALFORMED);
        assertThat(verify(header.replace("nc=00000001", "nc=1"), ALICE)).isEqualTo(Result.MALFORMED);
        assertThat(verify(header.replace("nc=00000001", "nc=0000000g"), ALICE)).isEqualTo(Result.MALFORMED);
        assertThat(verify(header.replace(", nc=00000001", ""), ALICE)).isEqualTo(Result.MALFORMED);
        assertThat(auth.verify(null, "REGISTER", URI, ALICE)).isEqualTo(Result.MALFORMED);
    }

    @Test void rejectsWeakConfiguration() {
        assertThatThrownBy(() -> new DigestAuthenticator(new byte[8], REALM, Duration.ofMinutes(5), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> new DigestAuthenticator(SECRET, " ", Duration.ofMinutes(5), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("realm");
        assertThatThrownBy(() -> new DigestAuthenticator(SECRET, REALM, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonceLifetime");
    }

    @Test void realmWithQuotesIsEscapedInChallenge() throws Exception {
        DigestAuthenticator odd = new DigestAuthenticator(SECRET, "a \"quoted\" realm", Duration.ofMinutes(5), clock);
        String challenge = odd.challenges(false).get(0);
        assertThat(challenge).startsWith("Digest realm=\"a \\\"quoted\\\" realm\", ");
        assertThat(DigestHeaderParser.parse(challenge).get("realm")).isEqualTo("a \"quoted\" realm");
    }

    @Test void credentialsDoNotLeakThroughToString() throws Exception {
        String header = phoneAnswer(sha256Challenge(), "alice", "s3cret", "00000001", "REGISTER");
        DigestResponse r = auth.parse(header);
        assertThat(r.toString()).contains("username=alice").doesNotContain(r.response()).contains("<redacted>");
    }
}
