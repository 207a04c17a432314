package org.dialtone.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Process bookkeeping: stop one process (SIGTERM, then SIGKILL), and kill leftovers when the JVM exits. */
final class Processes {
    private static final Set<Process> live = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> live.forEach(Process::destroyForcibly), "kill-test-peers"));
    }

    private Processes() {}

    static Process track(Process p) {
        live.add(p);
        return p;
    }

    /** SIGTERM, wait up to {@code graceMillis}, then SIGKILL. Returns the exit code. */
    static int stop(Process p, long graceMillis) {
        try {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
            return p.isAlive() ? -1 : p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        } finally {
            live.remove(p);
        }
    }

    static void untrack(Process p) {
        live.remove(p);
    }
}
