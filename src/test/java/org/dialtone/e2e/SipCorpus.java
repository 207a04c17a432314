package org.dialtone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The checked-in corpus of malformed SIP and SDP under {@code src/test/resources/corpus/sip/} (its README says what
 * each part holds). Files are bytes, not text: placeholders such as {@code {{CALL_ID}}} are replaced byte for byte, so
 * binary garbage and non-UTF-8 survive untouched.
 */
final class SipCorpus {
    /** The largest payload of one UDP datagram over IPv4; bigger messages are replayed over TCP only. */
    static final int MAX_UDP_PAYLOAD = 65_507;

    /** One file of the corpus. */
    record Entry(String name, byte[] bytes) {
        /** The bytes with every {@code {{KEY}}} of {@code values} replaced by its value. */
        byte[] render(Map<String, String> values) {
            // ISO-8859-1 maps every byte to one char and back, so nothing but the placeholders changes
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (Map.Entry<String, String> v : values.entrySet()) text = text.replace("{{" + v.getKey() + "}}", v.getValue());
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() { return name; }
    }

    private SipCorpus() {}

    /** Raw SIP messages ({@code messages/*.sip}), sent as they are after their placeholders are filled in. */
    static List<Entry> messages() { return load("messages", ".sip"); }

    /** SDP offers ({@code sdp/*.sdp}), sent as the body of an authenticated INVITE. */
    static List<Entry> sdpOffers() { return load("sdp", ".sdp"); }

    /**
     * What {@code messages.expected} says the switch does with each message over {@code transport} ("udp" or "tcp"):
     * file name → outcome (see {@link CorpusReplay}).
     */
    static Map<String, String> expectedOutcomes(String transport) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text(dir().resolve("messages.expected")).lines().toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] fields = l.split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].startsWith(transport + "=")) out.put(fields[0], fields[i].substring(transport.length() + 1));
            }
        }
        return out;
    }

    private static List<Entry> load(String sub, String suffix) {
        try (Stream<Path> files = Files.list(dir().resolve(sub))) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted()
                    .map(p -> new Entry(p.getFileName().toString().replace(suffix, ""), bytes(p))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dir() {
        URL url = SipCorpus.class.getResource("/corpus/sip");
        if (url == null) throw new IllegalStateException("corpus/sip is not on the test classpath");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Path p) { return new String(bytes(p), StandardCharsets.UTF_8); }
}
