package org.dialtone.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientDigestStaleTest {
    @Test
    void staleTrueInAnyCaseAndQuotingIsStale() {
        assertThat(ClientDigest.isStale("Digest realm=\"r\", nonce=\"n\", stale=true")).isTrue();
        assertThat(ClientDigest.isStale("Digest realm=\"r\",nonce=\"n\",stale=\"TRUE\"")).isTrue();
    }

    @Test
    void absentFalseOrUnparsableIsNotStale() {
        assertThat(ClientDigest.isStale("Digest realm=\"r\", nonce=\"n\"")).isFalse();
        assertThat(ClientDigest.isStale("Digest realm=\"r\", nonce=\"n\", stale=false")).isFalse();
        assertThat(ClientDigest.isStale("Basic realm=\"r\"")).isFalse();
        assertThat(ClientDigest.isStale(null)).isFalse();
    }
}
