package org.dialtone.bench;

import java.util.Arrays;
import java.util.Locale;

/** Nearest-rank percentiles of recorded values (no histogram library: a sorted copy is exact and small enough here). */
final class Percentiles {
    private final long[] sorted;

    Percentiles(long[] values, int count) {
        sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
    }

    int count() { return sorted.length; }

    long at(double percentile) {
        if (sorted.length == 0) return -1;
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() { return sorted.length == 0 ? -1 : sorted[sorted.length - 1]; }

    /** p50 / p90 / p99 / p99.9 / max of nanosecond values, in milliseconds. */
    String millisRow() {
        return String.format(Locale.ROOT, "%s | %s | %s | %s | %s", ms(at(50)), ms(at(90)), ms(at(99)), ms(at(99.9)),
                ms(max()));
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
