package org.dialtone.media;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The music-on-hold library: one pre-encoded loop per customer that has its own, a switch-wide default, and the
 * built-in tune of {@link BuiltInPrompts} for everyone else. Immutable; every loop is decoded and encoded once, when
 * the library is built, and shared by all playbacks (the packet path only copies bytes out of it).
 */
public final class MusicOnHold {
    private static final EncodedPrompt BUILT_IN_TUNE = EncodedPrompt.encode(BuiltInPrompts.musicOnHold());
    private static final MusicOnHold BUILT_IN = new MusicOnHold(BUILT_IN_TUNE, Map.of());

    private final EncodedPrompt fallback;
    private final Map<String, EncodedPrompt> byCustomer;

    private MusicOnHold(EncodedPrompt fallback, Map<String, EncodedPrompt> byCustomer) {
        this.fallback = fallback;
        this.byCustomer = Map.copyOf(byCustomer);
    }

    /** Everyone hears the built-in tune. */
    public static MusicOnHold builtIn() {
        return BUILT_IN;
    }

    /**
     * Decodes the WAV files once ({@link WavLoader#loadWav}); a file named for several customers is decoded and held
     * only once.
     *
     * @param defaultFile   music for customers without their own; null for the built-in tune
     * @param customerFiles customer code → that customer's music
     * @throws IllegalArgumentException naming the file that cannot be read or decoded
     */
    public static MusicOnHold load(Path defaultFile, Map<String, Path> customerFiles) {
        Map<Path, EncodedPrompt> decoded = new HashMap<>();
        EncodedPrompt fallback = defaultFile == null ? BUILT_IN_TUNE : decode(defaultFile, decoded);
        Map<String, EncodedPrompt> byCustomer = new HashMap<>();
        customerFiles.forEach((code, file) -> byCustomer.put(Objects.requireNonNull(code, "customer code"),
                decode(Objects.requireNonNull(file, "file of customer " + code), decoded)));
        return new MusicOnHold(fallback, byCustomer);
    }

    /**
     * A library from audio already decoded to 8 kHz mono 16-bit samples.
     *
     * @param defaultPcm  music for customers without their own; null for the built-in tune
     * @param customerPcm customer code → that customer's music
     */
    public static MusicOnHold of(short[] defaultPcm, Map<String, short[]> customerPcm) {
        Map<String, EncodedPrompt> byCustomer = new HashMap<>();
        customerPcm.forEach((code, pcm) -> byCustomer.put(code, EncodedPrompt.encode(pcm)));
        return new MusicOnHold(defaultPcm == null ? BUILT_IN_TUNE : EncodedPrompt.encode(defaultPcm), byCustomer);
    }

    /** Customers with music of their own. */
    public int customerCount() {
        return byCustomer.size();
    }

    /** The loop for {@code customerCode}: its own, else the default, else the built-in tune. Null code: the default. */
    EncodedPrompt forCustomer(String customerCode) {
        EncodedPrompt own = customerCode == null ? null : byCustomer.get(customerCode);
        return own != null ? own : fallback;
    }

    private static EncodedPrompt decode(Path file, Map<Path, EncodedPrompt> decoded) {
        return decoded.computeIfAbsent(file.toAbsolutePath().normalize(),
                f -> EncodedPrompt.encode(WavLoader.loadWav(file)));
    }
}
