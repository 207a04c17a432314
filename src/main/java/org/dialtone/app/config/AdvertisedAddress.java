package org.dialtone.app.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import java.util.function.Supplier;

/** Works out which address to put into SIP and SDP when the configuration does not say. */
public final class AdvertisedAddress {
    static final String LOOPBACK = "127.0.0.1";

    private AdvertisedAddress() {}

    /** Explicit value, else a non-wildcard bind address, else the detected address, else 127.0.0.1. */
    public static String choose(String advertised, String bindAddress, Supplier<Optional<String>> detect) {
        if (advertised != null && !advertised.isBlank()) return advertised.strip();
        if (bindAddress != null && !bindAddress.isBlank() && !isWildcard(bindAddress)) return bindAddress.strip();
        return detect.get().orElse(LOOPBACK);
    }

    static boolean isWildcard(String address) {
        String a = address.strip();
        return a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]") || a.equals("0:0:0:0:0:0:0:0");
    }

    /** The first IPv4 address of an up, non-loopback, non-virtual interface (link-local skipped), if any. */
    public static Optional<String> firstNonLoopbackIpv4() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) continue;
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return Optional.of(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
