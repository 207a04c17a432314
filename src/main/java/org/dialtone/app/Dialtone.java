package org.dialtone.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import io.javalin.config.RoutesConfig;
import org.dialtone.app.config.DialtoneConfig;
import org.dialtone.app.admin.ManagementApi;
import org.dialtone.app.config.RoutingConfig;
import org.dialtone.core.call.CallRecordRepository;
import org.dialtone.core.call.CallService;
import org.dialtone.core.call.LiveCalls;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.event.EventBus;
import org.dialtone.core.event.InProcessEventBus;
import org.dialtone.core.writebehind.WriteBehindQueue;
import org.dialtone.events.EventFanout;
import org.dialtone.http.ApiAuthenticator;
import org.dialtone.http.Cors;
import org.dialtone.http.HttpServer;
import org.dialtone.http.action.ActionRoute;
import org.dialtone.http.action.ActionRoutes;
import org.dialtone.http.console.ConsoleRoutes;
import org.dialtone.http.read.ReadRoutes;
import org.dialtone.http.action.ActionSettings;
import org.dialtone.http.openapi.OpenApiDocument;
import org.dialtone.http.sse.ChannelEventStream;
import org.dialtone.media.MediaEngine;
import org.dialtone.media.MediaSettings;
import org.dialtone.media.MusicOnHold;
import org.dialtone.sip.CallIntake;
import org.dialtone.sip.ListenerProbe;
import org.dialtone.sip.SipAuthentication;
import org.dialtone.sip.SipServer;
import org.dialtone.sip.auth.AuthFailureLimiter;
import org.dialtone.sip.auth.DigestAlgorithm;
import org.dialtone.sip.auth.DigestAuthenticator;
import org.dialtone.sip.SipLimits;
import org.dialtone.sip.SipSettings;
import org.dialtone.sip.trunk.TrunkHealth;
import org.dialtone.sip.trunk.TrunkMetrics;
import org.dialtone.sip.trunk.Trunks;
import org.dialtone.store.Database;
import org.dialtone.store.Dialect;
import org.dialtone.store.JdbiCallRecordRepository;
import org.dialtone.store.JdbiCustomerRepository;
import org.dialtone.store.JdbiRegistrationRepository;
import org.dialtone.store.JdbiRoutingRepository;
import org.dialtone.store.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running switch: storage, media, the call core, SIP and HTTP, wired together. Starting it provisions the
 * configured customers; closing it hangs up every call (BYE), then closes ports in reverse order.
 */
public final class Dialtone implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dialtone.class);

    private final Database database;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EventBus events = new InProcessEventBus();
    private final Directory directory;
    private final MediaEngine media;
    private final CallService calls;
    private final CallRecordRepository callRecords;
    private final Trunks trunks;
    private final TrunkTimers trunkTimers;
    private final SipServer sip;
    private final ListenerProbe sipListeners;
    private final LoadLimits load;
    private final EventFanout eventFanout;
    private final HttpServer http;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** What has been opened so far, closed in reverse order if startup fails half-way (threads, ports, files). */
    private final Deque<AutoCloseable> opened;

    private Dialtone(DialtoneConfig cfg, PrintStream out, Deque<AutoCloseable> opened) throws Exception {
        this.opened = opened;
        String password = cfg.database().password() == null ? null : cfg.database().password().reveal();
        if (Dialect.of(cfg.database().url()) == Dialect.SQLITE) PrivateFiles.secureDirectory(Path.of(cfg.dataDir()));
        database = opening(Database.open(cfg.database().url(), cfg.database().user(), password));
        var customers = new JdbiCustomerRepository(database.jdbi());
        var registrations = new JdbiRegistrationRepository(database.jdbi());
        var routing = new JdbiRoutingRepository(database.jdbi());
        new Provisioning(customers, routing, registrations, cfg.sip().realm()).apply(cfg, out);
        directory = new Directory(customers);
        directory.reload();
        String advertised = cfg.sip().effectiveAdvertisedAddress();
        String rtpBind = cfg.rtp().bindAddress();
        media = opening(new MediaEngine(new MediaSettings(rtpBind, cfg.rtp().portMin(), cfg.rtp().portMax(),
                cfg.rtp().trustedNetworks().stream().map(org.dialtone.core.trunk.Cidr::parse).toList()), metrics));
        media.setMusicOnHold(musicOnHold(cfg));
        callRecords = new JdbiCallRecordRepository(database.jdbi());
        calls = opening(new CallService(directory, events, callRecords,
                new CallService.Settings(Duration.ofSeconds(cfg.sip().ringTimeoutSeconds()),
                        Duration.ofSeconds(cfg.rtp().timeoutSeconds()), cfg.parking().firstSpot(),
                        cfg.parking().lastSpot(), Duration.ofSeconds(cfg.parking().timeoutSeconds()),
                        cfg.limits().maxCallsPerCustomer(), Duration.ofSeconds(cfg.limits().maxHoldSeconds())),
                transferFallbacks(cfg)));
        StoredRouting.apply(cfg, routing, calls.dialPlan()); // the configuration's routing and the API's
        trunks = new Trunks(RoutingConfig.trunks(cfg));
        trunkTimers = opening(new TrunkTimers());
        sip = opening(new SipServer(sipSettings(cfg, advertised), directory, registrations, media,
                CallIntake.of(calls), trunks, sipAuthentication(cfg.sip()), trunkTimers.executor));
        calls.signalling(sip.signallingPort());
        load = opening(new LoadLimits(cfg.limits(), calls::activeCalls, sip::queuedMessages, metrics));
        calls.admission(load.shedder());
        registerMetrics();
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        sipListeners = new ListenerProbe(cfg.sip().bindAddress(), sip.udpPort(), sip.tcpPort());
        checks.put("sip", sipListeners::answering);
        checks.put("storage", database::healthy);
        Map<String, Supplier<?>> healthDetails = new LinkedHashMap<>();
        healthDetails.put("load", load.shedder()::snapshot);
        if (!trunks.all().isEmpty()) healthDetails.put("trunks", () -> TrunkHealth.details(trunks));
        var ev = cfg.events();
        eventFanout = new EventFanout(events, ev.bufferMaxEvents(), Duration.ofSeconds(ev.bufferMaxAgeSeconds()),
                ev.subscriberQueueSize(), metrics);
        var apiAuth = new ApiAuthenticator(customers);
        var eventStream = new ChannelEventStream(apiAuth, eventFanout,
                new ChannelEventStream.Settings(ev.maxStreamsPerToken(), Duration.ofSeconds(ev.keepaliveSeconds()),
                        ev.retryMillis()));
        Consumer<RoutesConfig> actionRoutes = new ActionRoutes(calls, apiAuth, actionSettings(cfg));
        Consumer<RoutesConfig> adminRoutes = ManagementApi.routes(cfg, new ManagementApi.Parts(customers, routing,
                database.jdbi(), directory, calls.dialPlan(), apiAuth, eventFanout, sip));
        var readRoutes = new ReadRoutes(new LiveCalls(calls, sip.locations()), callRecords, directory, apiAuth,
                cfg.http().rateLimitPerSecond(), cfg.http().rateLimitBurst());
        var cors = new Cors(cfg.http().corsAllowedOrigins());
        http = new HttpServer(cfg.http().bindAddress(), cfg.http().port(), metrics, checks,
                Map.of("load", load.shedder()::shedding), healthDetails, routes -> {
            routes.get(ChannelEventStream.PATH, eventStream::handle);
            actionRoutes.accept(routes);
            adminRoutes.accept(routes);
            new OpenApiDocument().accept(routes);
            readRoutes.accept(routes);
            cors.allow(routes, ChannelEventStream.PATH, "GET");
            for (String path : ReadRoutes.PATHS) cors.allow(routes, path, "GET");
            for (ActionRoute route : ActionRoute.values()) cors.allow(routes, route.path, "POST");
            new ConsoleRoutes().accept(routes);
        });
        log.info("Dialtone ready: SIP {}:{} (udp) / {} (tcp), HTTP {}:{}, RTP {}-{}, {} extension(s)", advertised,
                sip.udpPort(), sip.tcpPort(), cfg.http().bindAddress(), http.port(), cfg.rtp().portMin(),
                cfg.rtp().portMax(), directory.extensionCount());
    }

    /** Each customer's music on hold, the {@code parking.music_on_hold} default, decoded once here at startup. */
    static MusicOnHold musicOnHold(DialtoneConfig cfg) {
        Map<String, Path> perCustomer = new LinkedHashMap<>();
        for (DialtoneConfig.CustomerConfig customer : cfg.customers()) {
            if (customer.musicOnHold() != null) perCustomer.put(customer.code(), Path.of(customer.musicOnHold()));
        }
        String fallback = cfg.parking().musicOnHold();
        MusicOnHold library = MusicOnHold.load(fallback == null ? null : Path.of(fallback), perCustomer);
        log.info("Music on hold: {} by default, own music for {} customer(s)",
                fallback == null ? "built-in tune" : fallback, library.customerCount());
        return library;
    }

    /** Customer code → {@code customers[i].transfer_fallback}, for customers that set one. */
    static Function<String, Optional<String>> transferFallbacks(DialtoneConfig cfg) {
        Map<String, String> byCustomer = new HashMap<>();
        for (DialtoneConfig.CustomerConfig customer : cfg.customers()) {
            if (customer.transferFallback() != null) byCustomer.put(customer.code(), customer.transferFallback());
        }
        return code -> Optional.ofNullable(byCustomer.get(code));
    }

    static SipSettings sipSettings(DialtoneConfig cfg, String advertised) {
        var s = cfg.sip();
        var l = cfg.limits();
        return new SipSettings(s.bindAddress(), advertised, s.udpPort(), s.tcpPort(), s.realm(), s.minExpires(),
                s.maxExpires(), s.defaultExpires(), Duration.ofSeconds(s.nonceLifetimeSeconds()),
                s.authFailuresPerMinute(), s.offerSha256(), new SipLimits(l.maxCallsPerAccount(),
                        l.maxContactsPerAccount(), l.sipTcpMaxConnections(), l.sipTcpMaxConnectionsPerIp(),
                        Duration.ofSeconds(l.sipTcpIdleSeconds())));
    }

    /**
     * Devices' digest authentication: a fresh random nonce secret per start (nonces do not survive a restart: phones
     * are challenged again), MD5 offered (and SHA-256 when {@code sip.offer_sha256}), and failures limited per source
     * address and account, and ten times that per source address whatever the account.
     */
    static SipAuthentication sipAuthentication(DialtoneConfig.Sip s) {
        Clock clock = Clock.systemUTC();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        var digest = new DigestAuthenticator(secret, s.realm(), Duration.ofSeconds(s.nonceLifetimeSeconds()), clock)
                .offering(s.offerSha256() ? List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5)
                        : List.of(DigestAlgorithm.MD5));
        var perAccount = new AuthFailureLimiter(s.authFailuresPerMinute(), Duration.ofMinutes(1),
                AuthFailureLimiter.DEFAULT_MAX_SOURCES, clock);
        var perSource = new AuthFailureLimiter(10 * s.authFailuresPerMinute(), Duration.ofMinutes(1),
                AuthFailureLimiter.DEFAULT_MAX_SOURCES, clock);
        return new SipAuthentication(digest, perAccount, perSource);
    }

    /** The thread that runs trunk REGISTER refreshes and OPTIONS keepalives (never blocks on I/O but sending SIP). */
    private static final class TrunkTimers implements AutoCloseable {
        final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("trunk-timers").daemon().factory());

        @Override public void close() { executor.shutdownNow(); }
    }

    /** The action API's limits; a sync originate waits the ring timeout plus the configured margin. */
    static ActionSettings actionSettings(DialtoneConfig cfg) {
        var h = cfg.http();
        return new ActionSettings(h.rateLimitPerSecond(), h.rateLimitBurst(),
                Duration.ofSeconds(cfg.sip().ringTimeoutSeconds() + (long) h.syncAnswerMarginSeconds()));
    }

    /**
     * Starts a switch. If any part fails to start (e.g. a port is taken), the parts already running are closed before
     * the exception is thrown, so no SIP or RTP thread keeps the JVM (or a test) alive with ports held.
     */
    public static Dialtone start(DialtoneConfig cfg, PrintStream out) throws Exception {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            return new Dialtone(cfg, out, started);
        } catch (Exception | Error e) {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private <T extends AutoCloseable> T opening(T part) {
        opened.push(part);
        return part;
    }

    private void registerMetrics() {
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        TrunkMetrics.register(trunks, metrics);
        Gauge.builder("dialtone.sip.registrations", sip, SipServer::registrations)
                .description("live SIP registrations").register(metrics);
        Gauge.builder("dialtone.sip.legs.active", sip, SipServer::openDialogs)
                .description("SIP legs (a dialog each) the switch keeps").register(metrics);
        FunctionCounter.builder("dialtone.sip.acks.held", sip, SipServer::acksHeldForAnswer)
                .description("ACKs that overtook their 200 in the SIP stack and waited for it").register(metrics);
        Gauge.builder("dialtone.sip.dialogs", sip, SipServer::stackDialogs)
                .description("dialogs the SIP stack holds").register(metrics);
        for (boolean server : new boolean[] {true, false}) {
            Gauge.builder("dialtone.sip.transactions", sip, s -> s.stackTransactions(server))
                    .tag("kind", server ? "server" : "client")
                    .description("transactions the SIP stack holds, completed ones included").register(metrics);
        }
        Gauge.builder("dialtone.channels.active", calls, CallService::activeChannels)
                .description("channels not yet hung up").register(metrics);
        Gauge.builder("dialtone.calls.active", calls, CallService::activeCalls).register(metrics);
        FunctionCounter.builder("dialtone.calls.started", calls, CallService::callsStarted)
                .description("calls placed by devices").register(metrics);
        FunctionCounter.builder("dialtone.calls.failed", calls, CallService::callsFailed)
                .description("calls that ended without answer").register(metrics);
        ResourceCapMetrics.register(metrics, calls, sip);
        writeQueueMetrics("dialtone.call_records", "call records", calls.recordWrites());
        writeQueueMetrics("dialtone.registrations", "registration changes", sip.registrationWrites());
    }

    /** {@code <prefix>.queue_depth}, {@code .dropped} and {@code .write_failures} of a write-behind queue. */
    private void writeQueueMetrics(String prefix, String what, WriteBehindQueue<?, ?> queue) {
        Gauge.builder(prefix + ".queue_depth", queue, WriteBehindQueue::depth)
                .description(what + " waiting to be stored").register(metrics);
        FunctionCounter.builder(prefix + ".dropped", queue, WriteBehindQueue::dropped)
                .description(what + " dropped because the write queue was full").register(metrics);
        FunctionCounter.builder(prefix + ".write_failures", queue, WriteBehindQueue::failures)
                .description("failed attempts to store " + what + " (each retried)").register(metrics);
    }

    public int sipPort() { return sip.udpPort(); }
    public int sipTcpPort() { return sip.tcpPort(); }
    public int httpPort() { return http.port(); }
    public CallService calls() { return calls; }
    public EventBus events() { return events; }
    public MediaEngine media() { return media; }
    public EventFanout eventFanout() { return eventFanout; }
    public PrometheusMeterRegistry metrics() { return metrics; }
    public SipServer sip() { return sip; }
    /** Every HTTP route served, as {@code METHOD path}. */
    public List<String> httpRoutes() { return http.routes(); }
    /** Whether the SIP listeners answer an OPTIONS from the switch itself (the {@code sip} check of /health). */
    public ListenerProbe sipListeners() { return sipListeners; }

    /**
     * What must keep running for the switch to be of any use, by name (for the log line that ends the process): the
     * threads reading SIP from the network and the media pacing clock. True once closed.
     */
    public Map<String, BooleanSupplier> vitals() {
        return Map.of("the SIP socket reader", () -> closed.get() || sip.reading(),
                "the RTP pacing clock", () -> closed.get() || media.clockRunning(),
                "the RTP receive threads", () -> closed.get() || media.receiving());
    }
    /** Call records as stored (written behind: when a call starts ringing, is answered and ends). */
    public CallRecordRepository callRecords() { return callRecords; }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        log.info("shutting down");
        load.close();
        calls.close();
        sip.close();
        trunkTimers.close();
        media.close();
        eventFanout.close();
        http.close();
        database.close();
        log.info("stopped");
    }
}
