package org.dialtone.sip.trunk;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dialtone.core.trunk.Trunk;

/** Every configured trunk's state, by name, in configuration order. Built once at start; a fixed map of mutable states. */
public final class Trunks {
    private final Map<String, TrunkState> byName;

    public Trunks(List<Trunk> trunks) {
        Map<String, TrunkState> m = new LinkedHashMap<>();
        for (Trunk t : trunks) m.put(t.name(), new TrunkState(t));
        this.byName = java.util.Collections.unmodifiableMap(m); // keeps the configuration order
    }

    public Optional<TrunkState> byName(String name) { return Optional.ofNullable(byName.get(name)); }

    public Collection<TrunkState> all() { return byName.values(); }
}
