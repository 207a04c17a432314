package org.dialtone.core.dialplan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;

/**
 * Where a dialled string leads, for one customer: an extension, a parking spot, a ring group, an outside number
 * (through the customer's trunks), or nowhere. Phones dialling, originate's numbers, blind-transfer targets, a park
 * timeout's call-back and inbound DIDs all go through {@link #resolve}. Extensions come from the {@link Directory}
 * (in memory); routing (ring groups, trunks, DIDs) is held here and replaced whole by {@link #update}. Reads never
 * wait on a lock or the database.
 */
public final class DialPlan {
    private final Directory directory;
    private final Predicate<String> isSpot;
    private volatile Map<String, CustomerRouting> routing = Map.of();
    private volatile Map<String, Did> dids = Map.of();

    /** @param isSpot whether a number is a parking spot (the lots have one range for every customer) */
    public DialPlan(Directory directory, Predicate<String> isSpot) {
        this.directory = directory;
        this.isSpot = isSpot;
    }

    /** Replaces every customer's routing and every DID (at start, and later when an operator changes them). */
    public void update(Collection<CustomerRouting> customers, Collection<Did> allDids) {
        Map<String, CustomerRouting> r = new HashMap<>();
        for (CustomerRouting c : customers) r.put(c.customerCode(), c);
        Map<String, Did> d = new HashMap<>();
        for (Did did : allDids) d.put(did.number(), did);
        routing = Map.copyOf(r);
        dids = Map.copyOf(d);
    }

    /** What {@code dialled} reaches for {@code customerCode}. */
    public Destination resolve(String customerCode, String dialled) {
        if (dialled == null || dialled.isEmpty()) return new Destination.Nowhere(dialled);
        Optional<Extension> ext = directory.extension(customerCode, dialled);
        if (ext.isPresent()) return new Destination.ToExtension(ext.get());
        if (isSpot.test(dialled)) return new Destination.ToSpot(dialled);
        CustomerRouting r = routing(customerCode);
        for (RingGroup group : r.ringGroups()) {
            if (group.number().equals(dialled)) return new Destination.ToRingGroup(group, members(group));
        }
        if (!r.outboundTrunks().isEmpty()) {
            Optional<String> e164 = OutsideNumbers.toE164(dialled, r.countryCode());
            if (e164.isPresent()) return new Destination.ToOutside(e164.get(), r.outboundTrunks());
        }
        return new Destination.Nowhere(dialled);
    }

    /** The DID {@code e164} (with {@code +}), whichever customer it belongs to. */
    public Optional<Did> did(String e164) {
        return Optional.ofNullable(dids.get(e164));
    }

    /** The routing of {@code customerCode}; a customer without any has no trunks, groups or caller ids. */
    public CustomerRouting routing(String customerCode) {
        CustomerRouting r = routing.get(customerCode);
        return r != null ? r : CustomerRouting.none(customerCode);
    }

    /**
     * The number an outside party sees when {@code extensionNumber} of {@code customerCode} calls it: the extension's
     * own caller-id number, else the customer's main number, else null (the carrier decides).
     */
    public String outsideCallerNumber(String customerCode, String extensionNumber) {
        CustomerRouting r = routing(customerCode);
        String own = extensionNumber == null ? null : r.extensionCallerIds().get(extensionNumber);
        return own != null ? own : r.mainNumber();
    }

    private List<Extension> members(RingGroup group) {
        List<Extension> out = new ArrayList<>();
        for (String m : group.members()) directory.extension(group.customerCode(), m).ifPresent(out::add);
        return out;
    }
}
