package org.dialtone.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Test helper: finds a block of UDP ports on 127.0.0.1 that are all free right now. */
final class FreePortRange {
    private FreePortRange() {
    }

    /** Returns an even first port such that {@code first .. first + count - 1} were all bindable. */
    static int find(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = 20_000 + 2 * ThreadLocalRandom.current().nextInt(10_000);
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no free UDP port range of " + count);
    }

    private static boolean allFree(int first, int count) {
        List<DatagramChannel> bound = new ArrayList<>();
        try {
            for (int port = first; port < first + count; port++) {
                DatagramChannel channel = DatagramChannel.open();
                bound.add(channel);
                channel.bind(new InetSocketAddress("127.0.0.1", port));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (DatagramChannel channel : bound) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
