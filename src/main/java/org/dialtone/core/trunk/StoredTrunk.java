package org.dialtone.core.trunk;

import java.time.Duration;
import java.util.List;

/**
 * What is stored of a {@link Trunk}: everything but its password. {@code hasCredentials} says whether it answers
 * digest challenges; {@code username} is the user it answers with (null without credentials).
 */
public record StoredTrunk(String name, String host, int port, String transport, String outboundProxy,
                          boolean hasCredentials, String username, boolean register, Duration registerExpiry,
                          List<String> inboundNetworks, int maxChannels, NumberFormat numberFormat,
                          Duration optionsInterval, String countryCode) {
    public StoredTrunk {
        inboundNetworks = List.copyOf(inboundNetworks);
    }

    /** {@code trunk} without its password. */
    public static StoredTrunk of(Trunk trunk) {
        TrunkCredentials c = trunk.credentials();
        return new StoredTrunk(trunk.name(), trunk.host(), trunk.port(), trunk.transport(), trunk.outboundProxy(),
                c != null, c == null ? null : c.username(), trunk.register(), trunk.registerExpiry(),
                trunk.inboundNetworks(), trunk.maxChannels(), trunk.numberFormat(), trunk.optionsInterval(),
                trunk.countryCode());
    }
}
