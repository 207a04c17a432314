package org.dialtone.e2e;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.dialtone.app.Main;

/**
 * Runs Dialtone ({@link Main}); when its standard input says {@code fill}, takes every byte of the heap it can and
 * keeps it, as a leak would, says {@code heap full} and goes on leaking: from then on the other threads' allocations
 * fail with {@link OutOfMemoryError}, or after 3 s its own.
 * For {@link FatalFailureIT}, in the Dialtone JVM.
 */
final class HeapFillingMain {
    private static final List<Object> BALLAST = new ArrayList<>(1 << 20);
    /** Written once the heap is full, from buffers made before: printing then would need memory. */
    private static final byte[] FULL = "heap full\n".getBytes(StandardCharsets.US_ASCII);
    private static final FileOutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

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
        STDOUT.write(FULL);
        // and go on leaking for 3 s, taking whatever a collection frees, so the other threads find nothing; if none
        // of them has run out by then, the leaking thread does (either way an OutOfMemoryError the switch did not
        // catch), as a real leak ends
        long until = System.nanoTime() + 3_000_000_000L;
        OutOfMemoryError last = null;
        while (System.nanoTime() < until) {
            try {
                BALLAST.add(new byte[128]);
            } catch (OutOfMemoryError e) {
                last = e;
            }
        }
        if (last != null) throw last;
        while (true) LockSupport.park(); // (never: the heap was full) hold it until the process ends
    }
}
