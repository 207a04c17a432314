package org.dialtone.testing;

import java.io.IOException;
import java.io.InputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Netstring framing ({@code LEN:PAYLOAD,}) as baresip's ctrl_tcp speaks it. */
final class Netstring {
    private static final int MAX = 1 << 20;

    private Netstring() {}

    /** Reads one netstring's payload, or {@code null} on a clean EOF before the first byte. */
    static byte[] read(InputStream in) throws IOException {
        int len = 0;
        int digits = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (digits == 0) return null;
                throw new IOException("EOF inside netstring length");
            }
            if (c == ':') break;
            if (c < '0' || c > '9' || ++digits > 7) throw new IOException("bad netstring length byte " + c);
            len = len * 10 + (c - '0');
        }
        if (digits == 0 || len > MAX) throw new IOException("bad netstring length " + len);
        byte[] payload = in.readNBytes(len);
        if (payload.length < len) throw new IOException("EOF inside netstring payload");
        int comma = in.read();
        if (comma != ',') throw new IOException("netstring not terminated by ',' but " + comma);
        return payload;
    }

    static JsonNode readJson(InputStream in, ObjectMapper mapper) throws IOException {
        byte[] payload = read(in);
        return payload == null ? null : mapper.readTree(payload);
    }
}
