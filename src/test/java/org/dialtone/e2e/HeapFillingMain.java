package org.dialtone.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.dialtone.app.Main;

/**
 * Runs Dialtone ({@link Main}); when its standard input says {@code fill}, takes every byte of the heap it can and
 * keeps it, as a leak would: from then on every other thread's next allocation fails with {@link OutOfMemoryError}.
 * For {@link FatalFailureTest}, in the Dialtone JVM.
 */
final class HeapFillingMain {
    private static final List<Object> BALLAST = new ArrayList<>(1 << 20);

    private HeapFillingMain() {}

    public static void main(String[] args) throws Exception {
        Main.main(args);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"fill".equals(in.readLine())) return;
        for (int size : new int[] {256 * 1024, 8 * 1024, 128}) { // under G1's humongous size, then the gaps
            try {
                while (true) BALLAST.add(new byte[size]);
            } catch (OutOfMemoryError full) {
                // this size no longer fits: go on with a smaller one
            }
        }
        while (true) LockSupport.park(); // hold the heap until the process ends
    }
}
