package org.dialtone.sip;

import java.util.concurrent.ThreadLocalRandom;

/** From/To tags: random enough to be globally unique within a dialog's lifetime (RFC 3261 §19.3). */
final class Tags {
    private Tags() {}

    static String next() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
