package org.dialtone.app.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dialtone.app.config.ConfigRules;
import org.dialtone.app.config.RoutingConfig;
import org.dialtone.core.admin.AdminException;
import org.dialtone.core.admin.AdminException.Reason;
import org.dialtone.core.admin.AuditLog;
import org.dialtone.core.admin.Owned;
import org.dialtone.core.admin.RingGroupChange;
import org.dialtone.core.customer.ManagedBy;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.dialplan.ManagedRoutingRepository;
import org.dialtone.core.dialplan.RingGroup;

/**
 * The management API's DIDs and ring groups, checked with the configuration's rules ({@link ConfigRules}): a DID is
 * E.164 (or national, for a customer with a {@code country_code} in the configuration), belongs to one customer and
 * leads to one of its extensions, ring groups or parking spots; a ring group's number is neither an extension nor a
 * spot, its members are the customer's extensions, at least one. Called by {@link Management}, which serializes
 * changes.
 */
public final class RoutingManagement {
    private final ManagedRoutingRepository repo;
    private final AuditLog audit;
    private final Effects effects;
    private final Predicate<String> isSpot;
    private final Function<String, String> countryCodeOf;

    /**
     * @param isSpot        whether a number is a parking spot
     * @param countryCodeOf a customer's {@code country_code} from the configuration, or null
     */
    public RoutingManagement(ManagedRoutingRepository repo, AuditLog audit, Effects effects, Predicate<String> isSpot,
                             Function<String, String> countryCodeOf) {
        this.repo = repo;
        this.audit = audit;
        this.effects = effects;
        this.isSpot = isSpot;
        this.countryCodeOf = countryCodeOf;
    }

    List<Owned<Did>> dids(String code) {
        Map<String, ManagedBy> owners = repo.didOwners();
        return repo.dids(code).stream().map(d -> new Owned<>(d, owners.get(d.number()))).toList();
    }

    List<Owned<RingGroup>> ringGroups(String code) {
        Map<String, ManagedBy> owners = repo.ringGroupOwners(code);
        return repo.ringGroups(code).stream().map(g -> new Owned<>(g, owners.get(g.number()))).toList();
    }

    boolean hasRingGroup(String code, String number) { return repo.ringGroupOwners(code).containsKey(number); }

    /** {@code IN_USE} when a DID of the customer leads to {@code number}. */
    void refuseIfDestination(String code, String number, String what) {
        for (Did d : repo.dids(code)) {
            if (d.destination().equals(number)) {
                throw new AdminException(Reason.IN_USE, null, "DID " + d.number() + " leads to " + what + " " + number
                        + "; delete or change that DID first");
            }
        }
    }

    Owned<Did> createDid(String actor, String code, String number, String destination, Set<String> extensions) {
        String countryCode = countryCodeOf.apply(code);
        Management.check("number", number, ConfigRules.didNumber(number, countryCode));
        Management.check("destination", destination, ConfigRules.didDestination(destination, extensions,
                repo.ringGroupOwners(code).keySet(), isSpot));
        String e164 = RoutingConfig.didNumber(number, countryCode).orElseThrow();
        if (repo.didOwners().containsKey(e164)) {
            throw new AdminException(Reason.ALREADY_EXISTS, "number", "DID " + e164 + " already exists; a DID belongs "
                    + "to exactly one customer");
        }
        Did did = new Did(e164, code, destination);
        repo.saveDid(did, ManagedBy.API);
        effects.reloadRouting().run();
        audit.record(actor, "did.create", Management.object(code) + "/did/" + e164, "destination=" + destination);
        return new Owned<>(did, ManagedBy.API);
    }

    void deleteDid(String actor, String code, String number) {
        Did did = repo.dids(code).stream().filter(d -> d.number().equals(normalized(code, number))).findFirst()
                .orElseThrow(() -> Management.notFound("DID " + number));
        if (repo.didOwners().get(did.number()) != ManagedBy.API) throw Management.byConfig("DID " + did.number());
        repo.deleteDid(did.number());
        effects.reloadRouting().run();
        audit.record(actor, "did.delete", Management.object(code) + "/did/" + did.number(), "");
    }

    Owned<RingGroup> createRingGroup(String actor, String code, String number, String name, List<String> members,
                                     Integer ringTimeoutSeconds, Set<String> extensions) {
        Management.check("number", number, ConfigRules.ringGroupNumber(number, extensions, isSpot));
        Management.check("name", name, ConfigRules.notBlank(name));
        if (members == null) throw new AdminException(Reason.MISSING_FIELD, "members", "members is required");
        checkMembers(members, extensions);
        Management.check("ring_timeout_seconds", "", ConfigRules.ringTimeout(ringTimeoutSeconds));
        if (repo.ringGroupOwners(code).containsKey(number)) {
            throw new AdminException(Reason.ALREADY_EXISTS, "number", "Ring group " + number + " already exists");
        }
        RingGroup group = new RingGroup(code, number, name.strip(), members,
                ringTimeoutSeconds == null ? null : Duration.ofSeconds(ringTimeoutSeconds));
        repo.saveRingGroup(group, ManagedBy.API);
        effects.reloadRouting().run();
        audit.record(actor, "ring_group.create", Management.object(code) + "/ring_group/" + number,
                "name=" + group.name() + ", members=" + String.join(" ", members));
        return new Owned<>(group, ManagedBy.API);
    }

    /** Changes what {@code change} gives, checked as a create is; the dial plan rings the new members at once. */
    Owned<RingGroup> updateRingGroup(String actor, String code, String number, RingGroupChange change,
                                     Set<String> extensions) {
        RingGroup old = apiOwnedRingGroup(code, number);
        if (change.isEmpty()) {
            throw new AdminException(Reason.MISSING_FIELD, null,
                    "Give at least one of name, members, ring_timeout_seconds");
        }
        if (change.name() != null) Management.check("name", change.name(), ConfigRules.notBlank(change.name()));
        if (change.members() != null) checkMembers(change.members(), extensions);
        if (change.ringTimeoutGiven()) {
            Management.check("ring_timeout_seconds", "", ConfigRules.ringTimeout(change.ringTimeoutSeconds()));
        }
        Duration timeout = !change.ringTimeoutGiven() ? old.ringTimeout()
                : change.ringTimeoutSeconds() == null ? null : Duration.ofSeconds(change.ringTimeoutSeconds());
        RingGroup group = new RingGroup(code, number, change.name() == null ? old.name() : change.name().strip(),
                change.members() == null ? old.members() : change.members(), timeout);
        repo.saveRingGroup(group, ManagedBy.API);
        effects.reloadRouting().run();
        List<String> changed = new ArrayList<>();
        if (change.name() != null) changed.add("name=" + group.name());
        if (change.members() != null) changed.add("members=" + String.join(" ", group.members()));
        if (change.ringTimeoutGiven()) {
            changed.add("ring_timeout_seconds=" + (timeout == null ? "default" : timeout.toSeconds()));
        }
        audit.record(actor, "ring_group.update", Management.object(code) + "/ring_group/" + number,
                String.join(", ", changed));
        return new Owned<>(group, ManagedBy.API);
    }

    /**
     * The ring groups of the customer that list extension {@code extension}, each without it: what deleting the
     * extension leaves. {@code IN_USE} when it is a group's only member (a group rings at least one extension), or
     * when the configuration owns a group that lists it.
     */
    List<RingGroup> groupsWithoutMember(String code, String extension) {
        Map<String, ManagedBy> owners = repo.ringGroupOwners(code);
        List<RingGroup> out = new ArrayList<>();
        for (RingGroup g : repo.ringGroups(code)) {
            if (!g.members().contains(extension)) continue;
            if (owners.get(g.number()) != ManagedBy.API) {
                throw new AdminException(Reason.IN_USE, null, "Ring group " + g.number() + " (" + g.name()
                        + "), which the configuration file owns, lists extension " + extension + "; change it there first");
            }
            if (g.members().size() == 1) {
                throw new AdminException(Reason.IN_USE, null, "Extension " + extension + " is the only member of ring "
                        + "group " + g.number() + " (" + g.name() + "); give the group other members or delete it first");
            }
            out.add(new RingGroup(code, g.number(), g.name(),
                    g.members().stream().filter(m -> !m.equals(extension)).toList(), g.ringTimeout()));
        }
        return out;
    }

    /** Stores {@link #groupsWithoutMember}'s groups, each change audited as a {@code ring_group.update}. */
    void saveWithoutMember(String actor, String code, String extension, List<RingGroup> groups) {
        for (RingGroup g : groups) {
            repo.saveRingGroup(g, ManagedBy.API);
            audit.record(actor, "ring_group.update", Management.object(code) + "/ring_group/" + g.number(),
                    "members=" + String.join(" ", g.members()) + " (extension " + extension + " deleted)");
        }
    }

    void deleteRingGroup(String actor, String code, String number) {
        apiOwnedRingGroup(code, number);
        refuseIfDestination(code, number, "ring group");
        repo.deleteRingGroup(code, number);
        effects.reloadRouting().run();
        audit.record(actor, "ring_group.delete", Management.object(code) + "/ring_group/" + number, "");
    }

    private RingGroup apiOwnedRingGroup(String code, String number) {
        ManagedBy owner = repo.ringGroupOwners(code).get(number);
        if (owner == null) throw Management.notFound("ring group " + number);
        if (owner != ManagedBy.API) throw Management.byConfig("Ring group " + number + " of customer " + code);
        return repo.ringGroups(code).stream().filter(g -> g.number().equals(number)).findFirst().orElseThrow();
    }

    /** {@code INVALID_FIELD members} naming the first bad member ({@link ConfigRules#ringGroupMembers}). */
    private static void checkMembers(List<String> members, Set<String> extensions) {
        var memberProblems = ConfigRules.ringGroupMembers(members, extensions);
        if (!memberProblems.isEmpty()) {
            var first = memberProblems.entrySet().iterator().next();
            throw new AdminException(Reason.INVALID_FIELD, "members",
                    "members" + (first.getKey() < 0 ? "" : "[" + first.getKey() + "]") + " " + first.getValue());
        }
    }

    /** A DID as given in a path, in E.164 (a national form for a customer with a country code); as is otherwise. */
    private String normalized(String code, String number) {
        return RoutingConfig.didNumber(number, countryCodeOf.apply(code)).orElse(number);
    }
}
