package org.dialtone.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestUriTest {

    @Test void theSameTextIsTheSameResource() {
        assertThat(DigestUri.sameResource("sip:127.0.0.1:5060", "sip:127.0.0.1:5060")).isTrue();
        assertThat(DigestUri.sameResource("not a uri at all", "not a uri at all")).isTrue();
    }

    @Test void equalUnderRfc3261ComparisonIsTheSameResource() {
        assertThat(DigestUri.sameResource("SIP:200@EXAMPLE.com", "sip:200@example.com")).isTrue();
        assertThat(DigestUri.sameResource("sip:%32%30%30@example.com", "sip:200@example.com")).isTrue();
    }

    @Test void anotherUserHostPortOrTransportIsAnotherResource() {
        assertThat(DigestUri.sameResource("sip:201@127.0.0.1", "sip:200@127.0.0.1")).isFalse();
        assertThat(DigestUri.sameResource("sip:200@127.0.0.2", "sip:200@127.0.0.1")).isFalse();
        assertThat(DigestUri.sameResource("sip:127.0.0.1:5060", "sip:127.0.0.1")).isFalse();
        assertThat(DigestUri.sameResource("sip:200@127.0.0.1;transport=tcp", "sip:200@127.0.0.1")).isFalse();
        assertThat(DigestUri.sameResource("sip:Bob@example.com", "sip:bob@example.com")).as("user is case-sensitive")
                .isFalse();
    }

    @Test void theRequestUrisServerAloneIsAcceptedAsSippSendsIt() {
        // sipp 3.6.1 answers every challenge with uri = sip:<remote_ip>:<remote_port>
        assertThat(DigestUri.sameResource("sip:127.0.0.1:5070", "sip:201@127.0.0.1:5070")).isTrue();
        assertThat(DigestUri.sameResource("sip:127.0.0.1:5070", "sip:201@127.0.0.1:5070;user=phone")).isTrue();
        assertThat(DigestUri.sameResource("sip:127.0.0.1", "sip:201@127.0.0.1")).isTrue();
        // but only that server: another host or port, or a user, is another resource
        assertThat(DigestUri.sameResource("sip:127.0.0.1:5071", "sip:201@127.0.0.1:5070")).isFalse();
        assertThat(DigestUri.sameResource("sip:127.0.0.2:5070", "sip:201@127.0.0.1:5070")).isFalse();
        assertThat(DigestUri.sameResource("sip:127.0.0.1", "sip:201@127.0.0.1:5060")).isFalse();
        assertThat(DigestUri.sameResource("sip:127.0.0.1:5070;transport=tcp", "sip:201@127.0.0.1:5070")).isFalse();
        assertThat(DigestUri.sameResource("sips:127.0.0.1:5070", "sip:201@127.0.0.1:5070")).isFalse();
    }

    @Test void garbageOrNothingNeverMatchesARealUri() {
        assertThat(DigestUri.sameResource("garbage", "sip:200@127.0.0.1")).isFalse();
        assertThat(DigestUri.sameResource("", "sip:200@127.0.0.1")).isFalse();
        assertThat(DigestUri.sameResource(null, "sip:200@127.0.0.1")).isFalse();
        assertThat(DigestUri.sameResource("sip:200@127.0.0.1", null)).isFalse();
        assertThat(DigestUri.sameResource("x".repeat(70_000), "sip:200@127.0.0.1")).isFalse();
    }
}
