package org.dialtone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.testing.SourceScan.packageOf;
import static org.dialtone.testing.SourceScan.references;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dialtone.testing.SourceScan;
import org.dialtone.testing.SourceScan.Reference;
import org.dialtone.testing.SourceScan.SourceFile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The package dependency direction of {@code src/main/java} (docs: design.md "Adapters", style.md "modules enforce
 * direction"), checked by reading source: import lines (static and wildcard too) and fully qualified names written
 * in code. Comments and string literals are not dependencies and are ignored.
 * <ul>
 *   <li>{@code org.dialtone.core..} uses only the JDK, SLF4J and other core packages.</li>
 *   <li>Core packages form no cycle (if {@code core.dialplan} uses {@code core.trunk}, {@code core.trunk} must not use
 *       {@code core.dialplan}).</li>
 *   <li>An adapter uses core and its own packages; another adapter's types only through {@link #ALLOWED_ADAPTER_EDGES};
 *       never {@code app}. Only {@code app} may use everything.</li>
 *   <li>Nothing outside {@code org.dialtone.sip} uses {@code javax.sip} or {@code gov.nist}.</li>
 *   <li>No main source file is longer than {@link #MAX_LINES} lines, except those in {@link #LONG_FILES_ALLOWED}.</li>
 * </ul>
 * To allow something new, add one line to the table below with a {@code // why:} comment; the test also fails when an
 * entry is no longer needed, so the tables stay a true picture of the code.
 */
class ArchitectureTest {

    // ---------------------------------------------------------------------------------------------------------------
    // The rules, as data. Edit here.
    // ---------------------------------------------------------------------------------------------------------------

    enum Role { CORE, ADAPTER, APP }

    /** Every top-level package under org.dialtone and its role. A new top-level package must be added here. */
    static final Map<String, Role> ROLES = Map.of(
            "core", Role.CORE,
            "sip", Role.ADAPTER,
            "media", Role.ADAPTER,
            "http", Role.ADAPTER,
            "store", Role.ADAPTER,
            "events", Role.ADAPTER,
            "app", Role.APP);

    /**
     * Adapter-to-adapter edges that exist for a reason. {@code from}: a package under org.dialtone (sub-packages
     * included); {@code to}: one type, or {@code "some.package.*"} for every type of that package.
     */
    static final List<Edge> ALLOWED_ADAPTER_EDGES = List.of(
            // why: media is anchored on the switch. The SIP adapter allocates a leg's RTP endpoint while it answers or
            // sends an SDP offer, and configures it from the remote SDP (address, port, codec, hold): SIP-side work
            // that the core's MediaLeg (bridge, play, release) rightly does not expose.
            allow("sip", "org.dialtone.media.MediaEngine"),
            allow("sip", "org.dialtone.media.RtpEndpoint"),
            // why: the SSE stream is the HTTP face of the events fan-out: it subscribes with a filter, replays from the
            // per-customer buffer and reports a gap when a resume point has been dropped.
            allow("http.sse", "org.dialtone.events.EventFanout"),
            allow("http.sse", "org.dialtone.events.Subscription"),
            allow("http.sse", "org.dialtone.events.EventFilter"),
            allow("http.sse", "org.dialtone.events.Gap"));

    /**
     * Core package edges left out of the cycle check, as {@code allow("core.a", "org.dialtone.core.b.*")}. Empty: core
     * has no cycle. An entry here is a debt, to be paid by moving a type.
     */
    static final List<Edge> CORE_CYCLE_EXCEPTIONS = List.of();

    static final int MAX_LINES = 450;

    /** Main source files (path under src/main/java) allowed more than {@link #MAX_LINES} lines. */
    static final Set<String> LONG_FILES_ALLOWED = Set.of(
            // none today; add "org/dialtone/x/Y.java" with a // why:
    );

    /** Packages core may use besides the JDK's exported packages and its own. */
    static final List<String> CORE_MAY_USE = List.of("org.slf4j");

    /** Only org.dialtone.sip (and its sub-packages) may use these. */
    static final List<String> SIP_STACK = List.of("javax.sip", "gov.nist");

    // ---------------------------------------------------------------------------------------------------------------
    // The checks on the real code.
    // ---------------------------------------------------------------------------------------------------------------

    static final Path MAIN = Path.of("src/main/java");

    @Test
    void mainCodeFollowsTheDependencyRules() {
        List<String> violations = dependencyViolations(mainSources());
        assertThat(violations)
                .withFailMessage(() -> "Package dependency rules broken (see ArchitectureTest's tables):\n  "
                        + String.join("\n  ", violations))
                .isEmpty();
    }

    @Test
    void noMainSourceFileIsLongerThanTheLimit() {
        List<String> violations = lengthViolations(mainSources());
        assertThat(violations)
                .withFailMessage(() -> "Files over " + MAX_LINES + " lines:\n  " + String.join("\n  ", violations))
                .isEmpty();
    }

    @Test
    void everyAllowedEdgeAndExceptionIsStillNeeded() {
        List<SourceFile> sources = mainSources();
        List<String> stale = staleEntries(sources);
        assertThat(stale)
                .withFailMessage(() -> "Table entries no longer needed; remove them:\n  " + String.join("\n  ", stale))
                .isEmpty();
    }

    @Test
    void theScanSeesTheWholeCode() {
        List<SourceFile> sources = mainSources();
        assertThat(sources).hasSizeGreaterThan(100);
        // the scan must find the edges the tables describe, or a silent parser bug would pass everything
        assertThat(sources.stream().flatMap(f -> references(f).stream()).map(Reference::type))
                .contains("org.dialtone.media.RtpEndpoint", "javax.sip.SipProvider", "org.slf4j.Logger");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The checker against small in-memory examples: it must be able to fail.
    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class Checker {
        @Test
        void coreImportingAnAdapterFailsNamingTheFileAndTheImport() {
            var file = file("org/dialtone/core/call/Call.java", """
                    package org.dialtone.core.call;

                    import java.util.List;
                    import org.dialtone.sip.SipServer;
                    """);
            assertThat(dependencyViolations(List.of(file))).singleElement().asString()
                    .contains("org/dialtone/core/call/Call.java:4", "import org.dialtone.sip.SipServer;");
        }

        @Test
        void coreMayUseOnlyTheJdkSlf4jAndCore() {
            var file = file("org/dialtone/core/call/Call.java", """
                    package org.dialtone.core.call;

                    import static io.javalin.http.HttpStatus.OK;
                    import javax.crypto.Mac;
                    import javax.sip.SipProvider;
                    import org.dialtone.core.channel.HangupCause;
                    import org.jdbi.v3.core.Jdbi;
                    import org.slf4j.Logger;
                    import tools.jackson.databind.ObjectMapper;
                    """);
            assertThat(dependencyViolations(List.of(file))).hasSize(4)
                    .anySatisfy(v -> assertThat(v).contains(":3", "io.javalin.http.HttpStatus"))
                    .anySatisfy(v -> assertThat(v).contains(":5", "javax.sip.SipProvider"))
                    .anySatisfy(v -> assertThat(v).contains(":7", "org.jdbi"))
                    .anySatisfy(v -> assertThat(v).contains(":9", "tools.jackson"));
        }

        @Test
        void aFullyQualifiedNameInCodeCountsButCommentsAndStringsDoNot() {
            var file = file("org/dialtone/core/call/Call.java", """
                    package org.dialtone.core.call;

                    /** Unlike {@link org.dialtone.store.Database}, this is core. */
                    class Call {
                        // org.dialtone.http.ApiError would be wrong here
                        String logger = "org.dialtone.sip.wire";
                        String block = \"""
                            javax.sip.SipProvider
                            \""";
                        Object db = org.dialtone.store.Database.open("x");
                        java.util.List<String> ok = null;
                    }
                    """);
            assertThat(dependencyViolations(List.of(file))).singleElement().asString()
                    .contains("Call.java:10", "org.dialtone.store.Database");
        }

        @Test
        void anAdapterMayNotUseAnotherAdapterUnlessTheEdgeIsListed() {
            var listed = file("org/dialtone/sip/InboundLeg.java", """
                    package org.dialtone.sip;
                    import org.dialtone.media.RtpEndpoint;
                    import org.dialtone.core.channel.HangupCause;
                    """);
            var unlisted = file("org/dialtone/sip/trunk/TrunkLeg.java", """
                    package org.dialtone.sip.trunk;
                    import org.dialtone.media.codec.G711Codec;
                    import org.dialtone.media.*;
                    import org.dialtone.http.ApiError;
                    """);
            var backwards = file("org/dialtone/media/MediaEngine.java", """
                    package org.dialtone.media;
                    import org.dialtone.sip.SipLeg;
                    """);
            assertThat(dependencyViolations(List.of(listed))).isEmpty();
            assertThat(dependencyViolations(List.of(unlisted))).hasSize(3)
                    .allSatisfy(v -> assertThat(v).contains("TrunkLeg.java:", "ALLOWED_ADAPTER_EDGES"));
            assertThat(dependencyViolations(List.of(backwards))).singleElement().asString()
                    .contains("MediaEngine.java:2", "import org.dialtone.sip.SipLeg;");
        }

        @Test
        void nothingOutsideSipUsesTheSipStack() {
            var http = file("org/dialtone/http/Health.java", """
                    package org.dialtone.http;
                    class Health { Object p = gov.nist.javax.sip.SipStackImpl.class; }
                    """);
            var app = file("org/dialtone/app/Dialtone.java", """
                    package org.dialtone.app;
                    import javax.sip.SipFactory;
                    """);
            var sip = file("org/dialtone/sip/trunk/Trunks.java", """
                    package org.dialtone.sip.trunk;
                    import javax.sip.SipProvider;
                    import gov.nist.javax.sip.header.Via;
                    """);
            assertThat(dependencyViolations(List.of(http))).singleElement().asString()
                    .contains("Health.java:2", "gov.nist");
            assertThat(dependencyViolations(List.of(app))).singleElement().asString()
                    .contains("Dialtone.java:2", "javax.sip");
            assertThat(dependencyViolations(List.of(sip))).isEmpty();
        }

        @Test
        void onlyAppMayUseApp() {
            var store = file("org/dialtone/store/Database.java", """
                    package org.dialtone.store;
                    import org.dialtone.app.config.Config;
                    """);
            var app = file("org/dialtone/app/Wiring.java", """
                    package org.dialtone.app;
                    import org.dialtone.app.config.Config;
                    import org.dialtone.sip.SipServer;
                    import org.dialtone.store.Database;
                    import io.javalin.Javalin;
                    """);
            assertThat(dependencyViolations(List.of(store))).singleElement().asString().contains("Database.java:2");
            assertThat(dependencyViolations(List.of(app))).isEmpty();
        }

        @Test
        void aCycleBetweenCorePackagesFailsNamingEveryEdgeOfIt() {
            var dialplan = file("org/dialtone/core/dialplan/DialPlan.java", """
                    package org.dialtone.core.dialplan;
                    import org.dialtone.core.trunk.Trunk;
                    """);
            var trunk = file("org/dialtone/core/trunk/Trunk.java", """
                    package org.dialtone.core.trunk;

                    import static org.dialtone.core.dialplan.DialPlan.resolve;
                    """);
            var customer = file("org/dialtone/core/customer/Customer.java", """
                    package org.dialtone.core.customer;
                    import org.dialtone.core.trunk.Trunk;
                    """);
            assertThat(dependencyViolations(List.of(dialplan, customer))).isEmpty();
            assertThat(dependencyViolations(List.of(dialplan, trunk, customer))).singleElement().asString()
                    .contains("core.dialplan", "core.trunk", "DialPlan.java:2", "Trunk.java:3",
                            "import static org.dialtone.core.dialplan.DialPlan.resolve;")
                    .doesNotContain("Customer.java");
        }

        @Test
        void aNewTopLevelPackageMustBeGivenARole() {
            var util = file("org/dialtone/util/Strings.java", """
                    package org.dialtone.util;
                    """);
            assertThat(dependencyViolations(List.of(util))).singleElement().asString()
                    .contains("Strings.java", "org.dialtone.util", "ROLES");
        }

        @Test
        void aLongFileFailsUnlessAllowed() {
            var ok = file("org/dialtone/sip/Short.java", "x\n".repeat(MAX_LINES));
            var tooLong = file("org/dialtone/sip/Long.java", "x\n".repeat(MAX_LINES + 1));
            assertThat(lengthViolations(List.of(ok, tooLong))).singleElement().asString()
                    .contains("org/dialtone/sip/Long.java", String.valueOf(MAX_LINES + 1));
        }

        @Test
        void anAllowedEdgeNobodyUsesIsReportedAsStale() {
            var sip = file("org/dialtone/sip/SipLeg.java", """
                    package org.dialtone.sip;
                    import org.dialtone.media.RtpEndpoint;
                    """);
            assertThat(staleEntries(List.of(sip)))
                    .anySatisfy(s -> assertThat(s).contains("org.dialtone.media.MediaEngine"))
                    .noneSatisfy(s -> assertThat(s).contains("org.dialtone.media.RtpEndpoint"));
        }

        private static SourceFile file(String path, String text) { return new SourceFile(path, text); }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The checker.
    // ---------------------------------------------------------------------------------------------------------------

    record Edge(String from, String to) {
        boolean fromMatches(String pkg) { return within(pkg, "org.dialtone." + from); }

        boolean toMatches(Reference r) {
            return to.endsWith(".*") ? r.pkg().equals(to.substring(0, to.length() - 2)) : to.equals(r.type());
        }
    }

    static Edge allow(String from, String to) { return new Edge(from, to); }

    private static final Set<String> JDK_PACKAGES = ModuleFinder.ofSystem().findAll().stream()
            .map(ModuleReference::descriptor)
            .flatMap(d -> d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source))
            .collect(Collectors.toUnmodifiableSet());

    static List<SourceFile> mainSources() {
        assertThat(MAIN).as("run from the project directory").isDirectory();
        return SourceScan.read(MAIN);
    }

    static List<String> dependencyViolations(List<SourceFile> files) {
        List<String> violations = new ArrayList<>();
        Map<String, Map<String, List<Reference>>> coreGraph = new TreeMap<>();
        for (SourceFile f : files) {
            String pkg = packageOf(f);
            Optional<Role> role = roleOf(pkg);
            if (role.isEmpty()) {
                violations.add(f.path() + ": package " + pkg + " is not in ROLES (say whether it is core, an adapter"
                        + " or app)");
                continue;
            }
            for (Reference r : references(f)) {
                check(pkg, role.get(), r).ifPresent(violations::add);
                if (role.get() == Role.CORE && within(r.pkg(), "org.dialtone.core") && !r.pkg().equals(pkg)
                        && CORE_CYCLE_EXCEPTIONS.stream().noneMatch(e -> e.fromMatches(pkg) && e.toMatches(r))) {
                    coreGraph.computeIfAbsent(pkg, k -> new TreeMap<>())
                            .computeIfAbsent(r.pkg(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        coreGraph.forEach((from, tos) -> edges.put(from, tos.keySet()));
        for (Set<String> cycle : SourceScan.cycles(edges)) {
            StringBuilder message = new StringBuilder("core packages form a cycle: " + cycle.stream()
                    .map(p -> p.replace("org.dialtone.", "")).collect(Collectors.joining(" <-> ")));
            coreGraph.forEach((from, tos) -> {
                if (!cycle.contains(from)) return;
                tos.forEach((to, refs) -> {
                    if (cycle.contains(to)) message.append("\n      ").append(refs.getFirst().where());
                });
            });
            violations.add(message.toString());
        }
        return violations;
    }

    private static Optional<String> check(String pkg, Role role, Reference r) {
        String rule = null;
        if (!within(pkg, "org.dialtone.sip") && SIP_STACK.stream().anyMatch(s -> within(r.pkg(), s))) {
            rule = "only org.dialtone.sip may use the SIP stack";
        } else if (role == Role.CORE) {
            boolean allowed = JDK_PACKAGES.contains(r.pkg()) || within(r.pkg(), "java")
                    || within(r.pkg(), "org.dialtone.core") || CORE_MAY_USE.stream().anyMatch(p -> within(r.pkg(), p));
            if (!allowed) rule = "core may use only the JDK, " + CORE_MAY_USE + " and org.dialtone.core";
        } else if (role == Role.ADAPTER && within(r.pkg(), "org.dialtone")) {
            String own = "org.dialtone." + topLevel(pkg);
            Optional<Role> target = roleOf(r.pkg());
            if (within(r.pkg(), own) || target.equals(Optional.of(Role.CORE))) return Optional.empty();
            if (target.isEmpty()) {
                rule = r.pkg() + " is not in ROLES";
            } else if (target.get() == Role.APP) {
                rule = "only app may use app";
            } else if (ALLOWED_ADAPTER_EDGES.stream().noneMatch(e -> e.fromMatches(pkg) && e.toMatches(r))) {
                rule = topLevel(pkg) + " may not use " + (r.type() == null ? r.pkg() + ".*" : r.type())
                        + " (adapters use each other only through ALLOWED_ADAPTER_EDGES)";
            }
        }
        return Optional.ofNullable(rule).map(why -> r.where() + " -- " + why);
    }

    static List<String> lengthViolations(List<SourceFile> files) {
        return files.stream()
                .filter(f -> !LONG_FILES_ALLOWED.contains(f.path()))
                .filter(f -> f.lineCount() > MAX_LINES)
                .map(f -> f.path() + " has " + f.lineCount() + " lines (limit " + MAX_LINES
                        + "): split it by concept, or list it in LONG_FILES_ALLOWED with a // why:")
                .toList();
    }

    static List<String> staleEntries(List<SourceFile> files) {
        Map<String, List<Reference>> byPackage = new HashMap<>();
        for (SourceFile f : files) byPackage.computeIfAbsent(packageOf(f), k -> new ArrayList<>()).addAll(references(f));
        List<String> stale = new ArrayList<>();
        for (Edge e : Stream.concat(ALLOWED_ADAPTER_EDGES.stream(), CORE_CYCLE_EXCEPTIONS.stream()).toList()) {
            boolean used = byPackage.entrySet().stream()
                    .anyMatch(p -> e.fromMatches(p.getKey()) && p.getValue().stream().anyMatch(e::toMatches));
            if (!used) stale.add("allow(\"" + e.from() + "\", \"" + e.to() + "\"): nothing uses it any more");
        }
        Map<String, SourceFile> byPath = files.stream().collect(Collectors.toMap(SourceFile::path, f -> f));
        for (String allowed : new TreeSet<>(LONG_FILES_ALLOWED)) {
            SourceFile f = byPath.get(allowed);
            if (f == null) stale.add("LONG_FILES_ALLOWED " + allowed + ": no such file");
            else if (f.lineCount() <= MAX_LINES) stale.add("LONG_FILES_ALLOWED " + allowed + ": now short");
        }
        return stale;
    }

    private static Optional<Role> roleOf(String pkg) {
        return within(pkg, "org.dialtone") ? Optional.ofNullable(ROLES.get(topLevel(pkg))) : Optional.empty();
    }

    /** "org.dialtone.sip.trunk" -> "sip". */
    private static String topLevel(String pkg) {
        String rest = pkg.length() > "org.dialtone.".length() ? pkg.substring("org.dialtone.".length()) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static boolean within(String pkg, String root) { return pkg.equals(root) || pkg.startsWith(root + "."); }
}
