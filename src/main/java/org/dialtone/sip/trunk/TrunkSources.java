package org.dialtone.sip.trunk;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dialtone.core.trunk.Cidr;
import org.dialtone.core.trunk.Trunk;

/**
 * Which trunk, if any, an INVITE's source address belongs to: the trunk whose {@code inbound_networks} contain it
 * (a trunk with none accepts its own host when that is an IP literal). When networks of several trunks overlap, the
 * most specific network wins (then the trunk name, so the answer never depends on map order).
 */
public final class TrunkSources {
    private record Entry(Cidr network, TrunkState trunk) {}

    private final List<Entry> entries;

    /** @throws IllegalArgumentException naming the trunk when one of its networks is not a CIDR */
    public TrunkSources(Trunks trunks) {
        List<Entry> list = new ArrayList<>();
        for (TrunkState state : trunks.all()) {
            for (String network : networksOf(state.trunk())) {
                try {
                    list.add(new Entry(Cidr.parse(network), state));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("trunk " + state.name() + ": inbound network " + network + ": "
                            + e.getMessage(), e);
                }
            }
        }
        list.sort(Comparator.comparingInt((Entry e) -> -e.network().prefixLength()).thenComparing(e -> e.trunk().name()));
        this.entries = List.copyOf(list);
    }

    private static List<String> networksOf(Trunk trunk) {
        if (!trunk.inboundNetworks().isEmpty()) return trunk.inboundNetworks();
        String host = trunk.host();
        return host != null && Cidr.isIpLiteral(host) ? List.of(host) : List.of();
    }

    /** The trunk {@code source} belongs to, or empty when it is no trunk's address. */
    public Optional<TrunkState> trunkFor(InetAddress source) {
        for (Entry e : entries) if (e.network().contains(source)) return Optional.of(e.trunk());
        return Optional.empty();
    }
}
