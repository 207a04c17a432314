package org.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.dialtone.media.codec.G711Codec;
import org.junit.jupiter.api.Test;

class NegotiatedMediaTest {
    private static final InetSocketAddress SOMEWHERE = new InetSocketAddress("127.0.0.1", 4000);

    @Test
    void mapsAudioEventsAndComfortNoiseToThisSidesPayloadTypes() {
        NegotiatedMedia phoneA = new NegotiatedMedia(SOMEWHERE, G711Codec.PCMU, 101);
        NegotiatedMedia phoneB = new NegotiatedMedia(SOMEWHERE, G711Codec.PCMA, 96);
        NegotiatedMedia noEvents = new NegotiatedMedia(SOMEWHERE, G711Codec.PCMU, NegotiatedMedia.NONE);

        assertThat(phoneB.outboundPayloadType(0, phoneA)).isEqualTo(8);
        assertThat(phoneB.outboundPayloadType(8, phoneA)).isEqualTo(8); // sender used the other law anyway
        assertThat(phoneA.outboundPayloadType(8, phoneB)).isZero();
        assertThat(phoneB.outboundPayloadType(101, phoneA)).isEqualTo(96);
        assertThat(phoneA.outboundPayloadType(96, phoneB)).isEqualTo(101);
        assertThat(noEvents.outboundPayloadType(101, phoneA)).isEqualTo(NegotiatedMedia.NONE);
        assertThat(phoneB.outboundPayloadType(13, phoneA)).isEqualTo(13);
        assertThat(phoneB.outboundPayloadType(96, phoneA)).isEqualTo(NegotiatedMedia.UNKNOWN); // not A's event PT
        assertThat(phoneB.outboundPayloadType(18, phoneA)).isEqualTo(NegotiatedMedia.UNKNOWN);
    }
}
