package org.dialtone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A seeded random-input loop for parsers: feeds generated inputs to a target for a fixed time and fails on the first
 * input that makes the target throw anything but its declared exception, fail one of the test's own assertions, or run
 * longer than a per-input bound (a hang or a catastrophic slowdown).
 *
 * <p>Why not jqwik: its newest release, 1.10.1, comes with an "Anti-AI Usage Clause" (its author does not want it used
 * by AI coding agents, and every run prints text addressed to such agents into the test output), and much of this
 * project is written by such agents; it is also built on JUnit Platform 1.14, not the 6.x this build uses (it did run
 * on 6.1.3 in a trial, unsupported). This loop needs no dependency and no engine of its own: it is a plain JUnit test.
 *
 * <p>Each run draws a fresh seed (printed in a failure, with the failing input, which is also written under
 * {@code target/e2e/.../fuzz-*}) unless {@code -Ddialtone.fuzz.seed=N} fixes it; {@code -Ddialtone.fuzz.seconds=S}
 * changes the time each target runs (default {@value #DEFAULT_SECONDS} s).
 */
public final class Fuzzer {
    public static final int DEFAULT_SECONDS = 2;
    /** Longer than any sane parse of a 64 KiB input on a loaded two-core machine, shorter than a hang. */
    public static final Duration PER_INPUT_BOUND = Duration.ofSeconds(2);

    /** Code under test: returns normally, or throws. */
    @FunctionalInterface
    public interface Target<T> {
        void accept(T input) throws Exception;
    }

    /** What a run did: how many inputs, and how many of them the target refused with its declared exception. */
    public record Summary(long seed, long inputs, long refused) {
        public long accepted() { return inputs - refused; }
    }

    private record Attempt(long index, Object input, long startedNanos) {}

    private Fuzzer() {}

    /** The time each target runs: {@code -Ddialtone.fuzz.seconds}, else {@value #DEFAULT_SECONDS} s. */
    public static Duration budget() {
        return Duration.ofSeconds(Long.getLong("dialtone.fuzz.seconds", DEFAULT_SECONDS));
    }

    /**
     * Runs {@code target} on inputs from {@code generator} for {@link #budget()}.
     *
     * @param declared the one exception type the target may throw for bad input (e.g. {@code SdpException}), or null
     *                 when it may throw none
     * @throws AssertionError naming the seed, the input's index and the input itself, on the first input that breaks
     *                        the contract
     */
    public static Summary run(String name, Function<Random, String> generator, Class<? extends Exception> declared,
                              Target<String> target) {
        return run(name, generator, Function.identity(), declared, target);
    }

    /**
     * As {@link #run(String, Function, Class, Target)} for inputs that are not plain text (e.g. a header together with
     * the values it should parse to); {@code text} turns an input into what a failure shows.
     */
    public static <T> Summary run(String name, Function<Random, T> generator, Function<T, String> text,
                                  Class<? extends Exception> declared, Target<T> target) {
        long seed = Long.getLong("dialtone.fuzz.seed", new Random().nextLong());
        long deadline = System.nanoTime() + budget().toNanos();
        AtomicReference<Attempt> current = new AtomicReference<>();
        AtomicReference<AssertionError> failure = new AtomicReference<>();
        long[] counts = new long[2]; // inputs, refused: written by the worker, read after it ended
        Thread worker = Thread.ofPlatform().daemon().name("fuzz-" + name).unstarted(() -> {
            Random random = new Random(seed);
            for (long i = 0; System.nanoTime() < deadline && !Thread.currentThread().isInterrupted(); i++) {
                T input = generator.apply(random);
                current.set(new Attempt(i, input, System.nanoTime()));
                try {
                    target.accept(input);
                } catch (Exception e) {
                    if (declared == null || !declared.isInstance(e)) {
                        failure.set(broken(name, seed, i, text.apply(input), "threw " + e, e));
                        return;
                    }
                    counts[1]++;
                } catch (AssertionError e) {
                    failure.set(broken(name, seed, i, text.apply(input), e.getMessage(), e));
                    return;
                } catch (Throwable e) { // StackOverflowError, OutOfMemoryError...
                    failure.set(broken(name, seed, i, text.apply(input), "threw " + e, e));
                    return;
                }
                counts[0] = i + 1;
                current.set(null);
            }
        });
        worker.start();
        try {
            while (worker.isAlive()) {
                worker.join(Duration.ofMillis(20));
                Attempt a = current.get();
                if (a != null && System.nanoTime() - a.startedNanos() > PER_INPUT_BOUND.toNanos() && worker.isAlive()) {
                    worker.interrupt();
                    @SuppressWarnings("unchecked") String shown = text.apply((T) a.input());
                    throw broken(name, seed, a.index(), shown, "still running after " + PER_INPUT_BOUND, null);
                }
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (failure.get() != null) throw failure.get();
        System.out.printf("fuzz %s: %d inputs, %d refused with %s, seed %d%n", name, counts[0], counts[1],
                declared == null ? "nothing" : declared.getSimpleName(), seed);
        return new Summary(seed, counts[0], counts[1]);
    }

    private static AssertionError broken(String name, long seed, long index, String input, String what, Throwable cause) {
        Path saved = TestDirs.newDir("fuzz-" + name).resolve("input-" + index + ".txt");
        try {
            Files.writeString(saved, input, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AssertionError(name + ": input #" + index + " (seed " + seed + ", -Ddialtone.fuzz.seed=" + seed
                + ") " + what + "\ninput (" + input.length() + " chars, saved to " + saved + "): "
                + FuzzInputs.printable(input, 600), cause);
    }
}
