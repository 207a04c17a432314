package org.dialtone.app.config;

import java.util.List;

/**
 * The whole configuration, bound from YAML with snake_case keys (see {@link ConfigLoader} for defaults and
 * environment overrides). Secrets are {@link Secret}s, so {@code toString} of every record here is safe to log.
 */
public record DialtoneConfig(Sip sip, Http http, Rtp rtp, Events events, String dataDir, DatabaseConfig database,
                             List<CustomerConfig> customers, Parking parking, List<TrunkConfig> trunks,
                             Limits limits, List<AdminTokenConfig> adminTokens) {
    public DialtoneConfig {
        customers = customers == null ? List.of() : List.copyOf(customers);
        trunks = nullSafe(trunks);
        adminTokens = nullSafe(adminTokens);
    }

    /** A configuration without admin tokens (the management API refuses every request). */
    public DialtoneConfig(Sip sip, Http http, Rtp rtp, Events events, String dataDir, DatabaseConfig database,
                          List<CustomerConfig> customers, Parking parking, List<TrunkConfig> trunks, Limits limits) {
        this(sip, http, rtp, events, dataDir, database, customers, parking, trunks, limits, List.of());
    }

    /**
     * Limits. Resource caps, so that no customer, account or client can take what the others need (docs/security.md,
     * "Resource caps"): concurrent calls per customer ({@code maxCallsPerCustomer}: beyond, a new call gets
     * {@code 503}) and per SIP account ({@code maxCallsPerAccount}: a device calling, or being rung, beyond it is
     * busy, {@code 486}); registered contacts per account ({@code maxContactsPerAccount}: a REGISTER adding more gets
     * {@code 503} with {@code Retry-After}); how long a leg may stay on hold ({@code maxHoldSeconds}: then the call is
     * hung up); SIP over TCP: connections accepted in all ({@code sipTcpMaxConnections}) and per source address
     * ({@code sipTcpMaxConnectionsPerIp}), and how long a connection that carries no registration and no call may go
     * without completing a SIP message ({@code sipTcpIdleSeconds}) before it is closed.
     * <p>
     * Overload control: while any of these limits is reached, new calls are refused (a new INVITE gets {@code 503}
     * with {@code Retry-After: retryAfterSeconds}, an originate {@code 503 unavailable}); calls already up go on:
     * {@code maxCalls} active calls, {@code maxHeapAfterGcPercent} of the maximum heap still in use after the last
     * garbage collection, {@code maxSipQueue} SIP messages received and waiting for a SIP thread. 0 turns a limit off.
     */
    public record Limits(int maxCallsPerCustomer, int maxCallsPerAccount, int maxContactsPerAccount, int maxHoldSeconds,
                         int sipTcpMaxConnections, int sipTcpMaxConnectionsPerIp, int sipTcpIdleSeconds,
                         int maxCalls, int maxHeapAfterGcPercent, int maxSipQueue, int retryAfterSeconds) {}

    /**
     * SIP listener and registrar settings. {@code advertisedAddress} is what goes into Contact, Via and SDP; null
     * means "work it out", see {@link #effectiveAdvertisedAddress()}.
     */
    public record Sip(String bindAddress, String advertisedAddress, int udpPort, int tcpPort, String realm,
                      int minExpires, int maxExpires, int defaultExpires, int nonceLifetimeSeconds,
                      int ringTimeoutSeconds, int authFailuresPerMinute, boolean offerSha256) {
        /**
         * The configured advertised address; else the bind address unless it is a wildcard; else the first
         * non-loopback IPv4 address of this machine; else 127.0.0.1.
         */
        public String effectiveAdvertisedAddress() {
            return AdvertisedAddress.choose(advertisedAddress, bindAddress, AdvertisedAddress::firstNonLoopbackIpv4);
        }
    }

    /**
     * The HTTP listener and the call-control API's limits: each API token may send {@code rateLimitBurst} action
     * requests at once, refilled at {@code rateLimitPerSecond}; a {@code sync=true} originate waits at most
     * {@code sip.ring_timeout_seconds} plus {@code syncAnswerMarginSeconds} for the extension to answer.
     * {@code corsAllowedOrigins} are the web origins ({@code https://app.example.com}) whose pages may use the event
     * stream and the actions from a browser (CORS); empty: no CORS headers at all.
     */
    public record Http(String bindAddress, int port, int rateLimitPerSecond, int rateLimitBurst,
                       int syncAnswerMarginSeconds, List<String> corsAllowedOrigins) {
        public Http {
            corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        }
    }

    /**
     * Every customer's parking lot: spots {@code firstSpot..lastSpot}; after {@code timeoutSeconds} (0 = never) a
     * parked call rings the parker back. {@code musicOnHold} is a WAV file played to parked callers of customers
     * without their own {@link CustomerConfig#musicOnHold()} (null: the built-in tune).
     */
    public record Parking(int firstSpot, int lastSpot, int timeoutSeconds, String musicOnHold) {}

    /**
     * The live event stream ({@code GET /v1.0/events/sse/chan}): the per-customer replay buffer keeps at most
     * {@code bufferMaxEvents} events and none older than {@code bufferMaxAgeSeconds}; each stream has a queue of
     * {@code subscriberQueueSize} events (a stream whose queue overflows is disconnected); one API token may hold
     * {@code maxStreamsPerToken} streams at once; a comment goes out every {@code keepaliveSeconds}; clients are told
     * to reconnect after {@code retryMillis}.
     */
    public record Events(int bufferMaxEvents, int bufferMaxAgeSeconds, int subscriberQueueSize, int maxStreamsPerToken,
                         int keepaliveSeconds, int retryMillis) {}

    /**
     * RTP relay ports: even RTP port, RTCP on the next odd one, allocated at random from {@code portMin..portMax}.
     * {@code trustedNetworks} (CIDRs) are networks whose SDP addresses get our RTP before their first packet arrived
     * and whose RTP may come from any address of the same network (see docs/security.md); empty by default.
     */
    public record Rtp(String bindAddress, int portMin, int portMax, int timeoutSeconds, List<String> trustedNetworks) {
        public Rtp {
            trustedNetworks = nullSafe(trustedNetworks);
        }

        public Rtp(String bindAddress, int portMin, int portMax, int timeoutSeconds) {
            this(bindAddress, portMin, portMax, timeoutSeconds, List.of());
        }
    }

    /** {@code url} is never null after loading (default: SQLite file in the data directory). */
    public record DatabaseConfig(String url, String user, Secret password) {}

    /**
     * {@code musicOnHold} is a WAV file played to this customer's parked callers; null: {@link Parking#musicOnHold()}.
     * {@code transferFallback} is the extension rung when a blind transfer's target does not answer, is busy or fails;
     * null: the moving channel is hung up then. {@code countryCode} (digits, optional) reads national numbers;
     * {@code mainNumber} (E.164, optional) is the caller id of outside calls; {@code outboundTrunks} are trunk names in
     * failover order. See docs/trunks.md.
     */
    public record CustomerConfig(String code, String name, List<ExtensionConfig> extensions,
                                 List<ApiTokenConfig> apiTokens, String musicOnHold, String transferFallback,
                                 String countryCode, String mainNumber, List<String> outboundTrunks,
                                 List<DidConfig> dids, List<RingGroupConfig> ringGroups) {
        public CustomerConfig {
            extensions = extensions == null ? List.of() : List.copyOf(extensions);
            apiTokens = apiTokens == null ? List.of() : List.copyOf(apiTokens);
            outboundTrunks = nullSafe(outboundTrunks);
            dids = nullSafe(dids);
            ringGroups = nullSafe(ringGroups);
        }
    }

    /**
     * {@code name} is the caller-id display name; null means "Extension &lt;number&gt;". {@code callerIdNumber} (E.164)
     * replaces the customer's main number as caller id of this extension's outside calls; null: the main number.
     */
    public record ExtensionConfig(String number, String name, String sipUsername, Secret password,
                                  String callerIdNumber) {}

    /**
     * A number of the telephone network that reaches this customer: E.164 ({@code +...}), or national when the customer
     * has a country code. {@code destination} is an extension, ring group or parking spot of the same customer.
     */
    public record DidConfig(String number, String destination) {}

    /** Extensions rung at once under one number; {@code ringTimeoutSeconds} null: {@code sip.ring_timeout_seconds}. */
    public record RingGroupConfig(String number, String name, List<String> members, Integer ringTimeoutSeconds) {
        public RingGroupConfig {
            members = nullSafe(members);
        }
    }

    /**
     * A SIP trunk to a carrier (see docs/trunks.md). Keys left out of a list item get their defaults here, in the
     * compact constructor (the components are boxed only so that "left out" can be told apart; after construction
     * only {@code outboundProxy}, {@code username}, {@code password} and {@code countryCode} may be null).
     */
    public record TrunkConfig(String name, String host, Integer port, String transport, String outboundProxy,
                              String username, Secret password, Boolean register, Integer registerExpirySeconds,
                              String countryCode, List<String> inboundNetworks, Integer maxChannels,
                              String numberFormat, Integer optionsIntervalSeconds) {
        public static final int DEFAULT_PORT = 5060;
        public static final String DEFAULT_TRANSPORT = "udp";
        public static final int DEFAULT_REGISTER_EXPIRY_SECONDS = 600;
        public static final int DEFAULT_MAX_CHANNELS = 0;
        public static final String DEFAULT_NUMBER_FORMAT = "e164_plus";
        public static final int DEFAULT_OPTIONS_INTERVAL_SECONDS = 30;

        public TrunkConfig {
            if (port == null) port = DEFAULT_PORT;
            if (transport == null) transport = DEFAULT_TRANSPORT;
            if (register == null) register = false;
            if (registerExpirySeconds == null) registerExpirySeconds = DEFAULT_REGISTER_EXPIRY_SECONDS;
            inboundNetworks = nullSafe(inboundNetworks);
            if (maxChannels == null) maxChannels = DEFAULT_MAX_CHANNELS;
            if (numberFormat == null) numberFormat = DEFAULT_NUMBER_FORMAT;
            if (optionsIntervalSeconds == null) optionsIntervalSeconds = DEFAULT_OPTIONS_INTERVAL_SECONDS;
        }
    }

    /** Exactly one of {@code tokenSha256} (hex of SHA-256 of the token) or the plain {@code token} is set. */
    public record ApiTokenConfig(String tokenSha256, Secret token, String label) {}

    /**
     * A token of the management API ({@code /v1.0/admin}): exactly one of {@code tokenSha256} or the plain
     * {@code token}, as for {@link ApiTokenConfig}; {@code label} (required) names who acted in the audit log.
     */
    public record AdminTokenConfig(String label, String tokenSha256, Secret token) {}

    /** An unmodifiable copy; null (key left out) is empty. Null items are kept, for the validator to name them. */
    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
    }
}
