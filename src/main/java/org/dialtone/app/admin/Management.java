package org.dialtone.app.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dialtone.app.GeneratedSecrets;
import org.dialtone.app.config.ConfigRules;
import org.dialtone.core.admin.AdminException;
import org.dialtone.core.admin.AdminException.Reason;
import org.dialtone.core.admin.Administration;
import org.dialtone.core.admin.AuditEntry;
import org.dialtone.core.admin.AuditLog;
import org.dialtone.core.admin.Created;
import org.dialtone.core.admin.Owned;
import org.dialtone.core.admin.RingGroupChange;
import org.dialtone.core.admin.TokenInfo;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.customer.ManagedBy;
import org.dialtone.core.customer.ManagedCustomerRepository;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.dialplan.RingGroup;

/**
 * The management API's customers, extensions and API tokens (DIDs and ring groups: {@link RoutingManagement}). Changes
 * are serialized (one at a time, on the calling request's thread); each is checked with {@link ConfigRules}, stored
 * owned by the API, applied to the running switch through {@link Effects}, then audited. What the configuration owns
 * is refused with {@code MANAGED_BY_CONFIG}. Secrets are hashed before they are stored and never audited or logged.
 */
public final class Management implements Administration {
    private final ManagedCustomerRepository repo;
    private final RoutingManagement routing;
    private final AuditLog audit;
    private final Effects effects;
    private final String realm;

    public Management(ManagedCustomerRepository repo, RoutingManagement routing, AuditLog audit, Effects effects,
                      String realm) {
        this.repo = repo;
        this.routing = routing;
        this.audit = audit;
        this.effects = effects;
        this.realm = realm;
    }

    // ---- customers

    @Override public List<Owned<Customer>> customers() {
        Map<String, ManagedBy> owners = repo.customerOwners();
        return repo.customers().stream().map(c -> new Owned<>(c, owners.get(c.code()))).toList();
    }

    @Override public Owned<Customer> customer(String code) {
        Customer c = repo.findCustomer(code).orElseThrow(() -> notFound("customer " + code));
        return new Owned<>(c, repo.customerOwners().get(code));
    }

    @Override public synchronized Owned<Customer> createCustomer(String actor, String code, String name) {
        check("code", code, ConfigRules.customerCode(code));
        check("name", name, ConfigRules.notBlank(name));
        if (repo.findCustomer(code).isPresent()) {
            throw new AdminException(Reason.ALREADY_EXISTS, "code", "Customer " + code + " already exists");
        }
        Customer customer = new Customer(code, name.strip());
        repo.saveCustomer(customer, ManagedBy.API);
        effects.reloadDirectory().run();
        audit.record(actor, "customer.create", object(code), "name=" + customer.name());
        return new Owned<>(customer, ManagedBy.API);
    }

    @Override public synchronized Owned<Customer> renameCustomer(String actor, String code, String name) {
        apiOwnedCustomer(code);
        check("name", name, ConfigRules.notBlank(name));
        Customer customer = new Customer(code, name.strip());
        repo.saveCustomer(customer, ManagedBy.API);
        effects.reloadDirectory().run();
        audit.record(actor, "customer.rename", object(code), "name=" + customer.name());
        return new Owned<>(customer, ManagedBy.API);
    }

    /** Deletes the customer with its extensions, tokens, DIDs and ring groups (kept disabled if it has call records). */
    @Override public synchronized void deleteCustomer(String actor, String code) {
        apiOwnedCustomer(code);
        List<Extension> extensions = repo.extensions(code);
        var removal = repo.removeCustomer(code);
        effects.revokeCustomer().accept(code);
        effects.reloadDirectory().run();
        effects.reloadRouting().run();
        for (Extension e : extensions) effects.dropRegistrations().accept(e.sipUsername());
        audit.record(actor, "customer.delete", object(code), removal == ManagedCustomerRepository.Removal.DISABLED
                ? "kept disabled: it has call records" : "");
    }

    // ---- extensions

    @Override public List<Owned<Extension>> extensions(String code) {
        customer(code);
        Map<String, ManagedBy> owners = repo.extensionOwners(code);
        return repo.extensions(code).stream().map(e -> new Owned<>(e, owners.get(e.number()))).toList();
    }

    @Override public Owned<Extension> extension(String code, String number) {
        customer(code);
        Extension e = repo.findExtension(code, number).orElseThrow(() -> notFound("extension " + number));
        return new Owned<>(e, repo.extensionOwners(code).get(number));
    }

    @Override public synchronized Created<Extension> createExtension(String actor, String code, String number,
                                                                    String name, String sipUsername, String password) {
        customer(code);
        check("number", number, ConfigRules.number(number));
        String user = sipUsername == null ? code + "-" + number : sipUsername;
        check("sip_username", user, ConfigRules.sipUsername(user));
        if (password != null) check("password", password, ConfigRules.sipPassword(password));
        if (repo.findExtension(code, number).isPresent()) {
            throw new AdminException(Reason.ALREADY_EXISTS, "number", "Extension " + number + " already exists");
        }
        if (routing.hasRingGroup(code, number)) {
            throw new AdminException(Reason.ALREADY_EXISTS, "number", number + " is already a ring group of this customer");
        }
        if (repo.findExtensionBySipUsername(user).isPresent()) {
            throw new AdminException(Reason.ALREADY_EXISTS, "sip_username", "SIP user name " + user + " is taken");
        }
        String secret = password == null ? GeneratedSecrets.password() : password;
        String display = name == null || name.isBlank() ? "Extension " + number : name.strip();
        Extension extension = new Extension(code, number, display, user, DigestCredentials.derive(user, realm, secret));
        repo.saveExtension(extension, ManagedBy.API);
        effects.reloadDirectory().run();
        audit.record(actor, "extension.create", object(code) + "/extension/" + number,
                "name=" + display + ", sip_username=" + user + (password == null ? ", password generated" : ""));
        return new Created<>(new Owned<>(extension, ManagedBy.API), password == null ? secret : null);
    }

    @Override public synchronized Owned<Extension> renameExtension(String actor, String code, String number, String name) {
        Extension old = apiOwnedExtension(code, number);
        check("name", name, ConfigRules.notBlank(name));
        Extension renamed = new Extension(code, number, name.strip(), old.sipUsername(), old.credentials());
        repo.saveExtension(renamed, ManagedBy.API);
        effects.reloadDirectory().run();
        audit.record(actor, "extension.rename", object(code) + "/extension/" + number, "name=" + renamed.displayName());
        return new Owned<>(renamed, ManagedBy.API);
    }

    @Override public synchronized Created<Extension> resetPassword(String actor, String code, String number,
                                                                  String password) {
        Extension old = apiOwnedExtension(code, number);
        if (password != null) check("password", password, ConfigRules.sipPassword(password));
        String secret = password == null ? GeneratedSecrets.password() : password;
        Extension reset = new Extension(code, number, old.displayName(), old.sipUsername(),
                DigestCredentials.derive(old.sipUsername(), realm, secret));
        repo.saveExtension(reset, ManagedBy.API);
        effects.reloadDirectory().run();
        effects.dropRegistrations().accept(old.sipUsername());
        audit.record(actor, "extension.reset_password", object(code) + "/extension/" + number,
                password == null ? "password generated" : "password given");
        return new Created<>(new Owned<>(reset, ManagedBy.API), password == null ? secret : null);
    }

    @Override public synchronized void deleteExtension(String actor, String code, String number) {
        Extension old = apiOwnedExtension(code, number);
        routing.refuseIfDestination(code, number, "extension");
        List<RingGroup> leaving = routing.groupsWithoutMember(code, number);
        routing.saveWithoutMember(actor, code, number, leaving); // before the delete, whose cascade would do it unaudited
        repo.deleteExtension(code, number);
        effects.reloadDirectory().run();
        effects.reloadRouting().run();
        effects.dropRegistrations().accept(old.sipUsername());
        audit.record(actor, "extension.delete", object(code) + "/extension/" + number, "sip_username="
                + old.sipUsername() + (leaving.isEmpty() ? "" : ", removed from ring group(s) "
                + String.join(" ", leaving.stream().map(RingGroup::number).toList())));
    }

    // ---- API tokens

    @Override public List<Owned<TokenInfo>> tokens(String code) {
        customer(code);
        Map<String, ManagedBy> owners = repo.tokenOwners(code);
        return repo.tokens(code).stream()
                .map(t -> new Owned<>(new TokenInfo(TokenInfo.idOf(t.tokenSha256()), t.label()), owners.get(t.tokenSha256())))
                .toList();
    }

    @Override public synchronized Created<TokenInfo> createToken(String actor, String code, String label) {
        customer(code);
        if (label != null) check("label", label, ConfigRules.notBlank(label));
        String token = GeneratedSecrets.token();
        String hash = ApiToken.hash(token);
        repo.saveToken(new ApiToken(code, hash, label == null ? "" : label.strip()), ManagedBy.API);
        TokenInfo info = new TokenInfo(TokenInfo.idOf(hash), label == null ? "" : label.strip());
        audit.record(actor, "token.create", object(code) + "/token/" + info.id(), "label=" + info.label());
        return new Created<>(new Owned<>(info, ManagedBy.API), token);
    }

    @Override public synchronized void revokeToken(String actor, String code, String id) {
        customer(code);
        ApiToken token = repo.tokens(code).stream()
                .filter(t -> id != null && id.length() == TokenInfo.ID_LENGTH && TokenInfo.idOf(t.tokenSha256()).equals(id))
                .findFirst().orElseThrow(() -> notFound("API token " + id));
        if (repo.tokenOwners(code).get(token.tokenSha256()) != ManagedBy.API) throw byConfig("API token " + id);
        repo.deleteToken(token.tokenSha256());
        effects.revokeToken().accept(token.tokenSha256());
        audit.record(actor, "token.revoke", object(code) + "/token/" + id, "label=" + token.label());
    }

    // ---- DIDs and ring groups

    @Override public List<Owned<Did>> dids(String code) {
        customer(code);
        return routing.dids(code);
    }

    @Override public synchronized Owned<Did> createDid(String actor, String code, String number, String destination) {
        customer(code);
        return routing.createDid(actor, code, number, destination, repo.extensionOwners(code).keySet());
    }

    @Override public synchronized void deleteDid(String actor, String code, String number) {
        customer(code);
        routing.deleteDid(actor, code, number);
    }

    @Override public List<Owned<RingGroup>> ringGroups(String code) {
        customer(code);
        return routing.ringGroups(code);
    }

    @Override public synchronized Owned<RingGroup> createRingGroup(String actor, String code, String number, String name,
                                                                  List<String> members, Integer ringTimeoutSeconds) {
        customer(code);
        return routing.createRingGroup(actor, code, number, name, members, ringTimeoutSeconds,
                repo.extensionOwners(code).keySet());
    }

    @Override public synchronized Owned<RingGroup> updateRingGroup(String actor, String code, String number,
                                                                  RingGroupChange change) {
        customer(code);
        return routing.updateRingGroup(actor, code, number, change, repo.extensionOwners(code).keySet());
    }

    @Override public synchronized void deleteRingGroup(String actor, String code, String number) {
        customer(code);
        routing.deleteRingGroup(actor, code, number);
    }

    @Override public List<AuditEntry> audit(int limit, Long beforeId) { return audit.page(limit, beforeId); }

    // ---- rules

    private Customer apiOwnedCustomer(String code) {
        Owned<Customer> c = customer(code);
        if (c.managedBy() != ManagedBy.API) throw byConfig("Customer " + code);
        return c.item();
    }

    private Extension apiOwnedExtension(String code, String number) {
        Owned<Extension> e = extension(code, number);
        if (e.managedBy() != ManagedBy.API) throw byConfig("Extension " + number + " of customer " + code);
        return e.item();
    }

    static String object(String code) { return "customer/" + code; }

    static AdminException notFound(String what) {
        return new AdminException(Reason.NOT_FOUND, null, "No such " + what);
    }

    static AdminException byConfig(String what) {
        return new AdminException(Reason.MANAGED_BY_CONFIG, null, what + " is managed by the configuration file "
                + "(YAML): change it there and restart; the management API changes only what it created");
    }

    /** Throws {@code MISSING_FIELD} for a null value, {@code INVALID_FIELD} for a rule's problem. */
    static void check(String field, String value, Optional<String> problem) {
        if (problem.isEmpty()) return;
        if (value == null) {
            throw new AdminException(Reason.MISSING_FIELD, field, field + " is required");
        }
        throw new AdminException(Reason.INVALID_FIELD, field, field + " " + problem.get());
    }
}
