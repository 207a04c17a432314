package org.dialtone.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DigestHeaderParserTest {

    final DigestAuthenticator auth = new DigestAuthenticator(new byte[32], "dialtone", Duration.ofMinutes(5),
            Clock.systemUTC());

    @Test void parsesRfc7616Example() throws Exception {
        DigestResponse r = auth.parse("""
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
                """);
        assertThat(r).isEqualTo(new DigestResponse("Mufasa", "http-auth@example.org",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "/dir/index.html",
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", "SHA-256", "auth",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "00000001",
                "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"));
    }

    @Test void commasAndEscapedQuotesInsideQuotedStrings() throws Exception {
        DigestResponse r = auth.parse("Digest username=\"al\\\"ice\\\\\", uri=\"sip:a,b@example.com;x=\\\"y\\\"\", "
                + "realm=\"dialtone\"");
        assertThat(r.username()).isEqualTo("al\"ice\\");
        assertThat(r.uri()).isEqualTo("sip:a,b@example.com;x=\"y\"");
        assertThat(r.realm()).isEqualTo("dialtone");
    }

    @Test void keysAreCaseInsensitiveWhitespaceIsFlexibleUnknownParamsIgnored() throws Exception {
        DigestResponse r = auth.parse("digest\tUserName = \"bob\" ,REALM=\"dialtone\",  foo=bar ,x-new=\"1,2\","
                + "NC=00000002 , Algorithm=md5, uri=sip:bob@example.com");
        assertThat(r.username()).isEqualTo("bob");
        assertThat(r.realm()).isEqualTo("dialtone");
        assertThat(r.nc()).isEqualTo("00000002");
        assertThat(r.algorithm()).isEqualTo("md5");
        assertThat(r.uri()).isEqualTo("sip:bob@example.com");
        assertThat(r.response()).isNull();
    }

    @Test void emptyListElementsAndEmptyQuotedValuesAreTolerated() throws Exception {
        DigestResponse r = auth.parse("Digest username=\"bob\",, realm=\"\",");
        assertThat(r.username()).isEqualTo("bob");
        assertThat(r.realm()).isEmpty();
    }

    @Test void firstOccurrenceOfARepeatedParameterWins() throws Exception {
        assertThat(auth.parse("Digest username=\"a\", username=\"b\"").username()).isEqualTo("a");
    }

    @Test void garbageIsRejectedWithAClearMessage() {
        assertParseError(null, "header value is null");
        assertParseError("", "expected auth scheme 'Digest'");
        assertParseError("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "unsupported auth scheme 'Basic'");
        assertParseError("Digest", "no parameters");
        assertParseError("Digestusername=\"a\"", "unsupported auth scheme 'Digestusername'");
        assertParseError("Digest username", "expected '=' after parameter 'username'");
        assertParseError("Digest username=", "missing value for parameter 'username'");
        assertParseError("Digest username=\"abc", "unterminated quoted string");
        assertParseError("Digest username=\"a\" realm=\"b\"", "expected ',' between parameters");
        assertParseError("Digest =x", "expected a parameter name");
    }

    private void assertParseError(String header, String message) {
        assertThatThrownBy(() -> auth.parse(header)).isInstanceOf(DigestParseException.class)
                .hasMessageContaining(message);
    }
}
