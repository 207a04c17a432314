package org.dialtone.app.admin;

import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.dialtone.app.StoredRouting;
import org.dialtone.app.config.DialtoneConfig;
import org.dialtone.app.config.RoutingConfig;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.ManagedCustomerRepository;
import org.dialtone.core.dialplan.CustomerRouting;
import org.dialtone.core.dialplan.DialPlan;
import org.dialtone.core.dialplan.ManagedRoutingRepository;
import org.dialtone.core.parking.ParkingLot;
import org.dialtone.events.EventFanout;
import org.dialtone.http.AdminAuthenticator;
import org.dialtone.http.ApiAuthenticator;
import org.dialtone.http.action.TokenRateLimiter;
import org.dialtone.http.admin.AdminRoutes;
import org.dialtone.sip.SipServer;
import org.dialtone.store.JdbiAuditLog;
import org.jdbi.v3.core.Jdbi;

/**
 * Wires the management API ({@code /v1.0/admin}) into a running switch: its admin tokens from the configuration, its
 * audit log in the database, and the effects that make a change count at once: the directory reloaded (SIP digest
 * credentials), the dial plan's routing re-applied, revoked tokens forgotten by the API's cache and their event
 * streams closed, a deleted or reset SIP account's registrations dropped.
 */
public final class ManagementApi {
    private ManagementApi() {}

    public record Parts(ManagedCustomerRepository customers, ManagedRoutingRepository routing, Jdbi jdbi,
                        Directory directory, DialPlan dialPlan, ApiAuthenticator apiAuth, EventFanout events,
                        SipServer sip) {}

    public static Consumer<RoutesConfig> routes(DialtoneConfig cfg, Parts p) {
        Effects effects = new Effects(p.directory()::reload,
                () -> StoredRouting.apply(cfg, p.routing(), p.dialPlan()),
                hash -> {
                    p.apiAuth().forgetToken(hash);
                    p.events().closeStreamsOfToken(hash);
                },
                code -> {
                    p.apiAuth().forgetCustomer(code);
                    p.events().closeStreamsOfCustomer(code);
                },
                p.sip()::dropRegistrations);
        var audit = new JdbiAuditLog(p.jdbi(), Clock.systemUTC());
        var parking = cfg.parking();
        ParkingLot<Object> spots = new ParkingLot<>(parking.firstSpot(), parking.lastSpot(), Duration.ZERO);
        var customerRouting = RoutingConfig.customerRouting(cfg);
        var routing = new RoutingManagement(p.routing(), audit, effects, spots::contains, code -> {
            CustomerRouting r = customerRouting.get(code);
            return r == null ? null : r.countryCode();
        });
        var management = new Management(p.customers(), routing, audit, effects, cfg.sip().realm());
        // the customer API's budget per token (http.rate_limit_*), in buckets of the management API's own
        var limiter = new TokenRateLimiter(cfg.http().rateLimitPerSecond(), cfg.http().rateLimitBurst());
        return new AdminRoutes(management, new AdminAuthenticator(adminTokens(cfg)), limiter);
    }

    static List<AdminAuthenticator.AdminToken> adminTokens(DialtoneConfig cfg) {
        return cfg.adminTokens().stream().map(t -> new AdminAuthenticator.AdminToken(t.label(), t.token() != null
                ? ApiToken.hash(t.token().reveal()) : t.tokenSha256().toLowerCase(Locale.ROOT))).toList();
    }
}
