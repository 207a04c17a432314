package org.dialtone.core.trunk;

import java.time.Duration;
import java.util.List;

/**
 * A SIP trunk to a carrier or an upstream PBX (platform level, shared by customers). The core uses its name, its
 * channel limit and its number format; the SIP adapter the rest.
 *
 * @param outboundProxy  {@code host:port} every request to the trunk is sent to instead of host:port; null: none
 * @param credentials    digest credentials the trunk may challenge us for (INVITE, REGISTER); null: none
 * @param register       whether we REGISTER to the trunk (needs credentials)
 * @param registerExpiry the expiry we ask for when registering
 * @param inboundNetworks CIDRs ({@code 192.0.2.0/24}, {@code 198.51.100.7/32}) that may send calls from this trunk
 * @param maxChannels    concurrent calls through this trunk, both ways (0: no limit)
 * @param optionsInterval how often an OPTIONS keepalive is sent (zero: never, the trunk counts as up)
 * @param countryCode    the carrier's country (digits), to read and write national numbers; null when not national
 */
public record Trunk(String name, String host, int port, String transport, String outboundProxy,
                    TrunkCredentials credentials, boolean register, Duration registerExpiry,
                    List<String> inboundNetworks, int maxChannels, NumberFormat numberFormat,
                    Duration optionsInterval, String countryCode) {
    public Trunk {
        inboundNetworks = List.copyOf(inboundNetworks);
    }
}
