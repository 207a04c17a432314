package org.dialtone.app.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dialtone.app.config.DialtoneConfig.ApiTokenConfig;
import org.dialtone.app.config.DialtoneConfig.CustomerConfig;
import org.dialtone.app.config.DialtoneConfig.ExtensionConfig;
import org.dialtone.core.trunk.Cidr;
import org.dialtone.media.WavLoader;

/** Checks a bound {@link DialtoneConfig} for values the switch cannot run with. Never echoes secrets. */
final class ConfigValidator {
    record Problem(String path, String message) {}

    /** Shortest SIP password accepted: shorter ones fall to a digest cracker (svcrack) in minutes. */
    static final int MIN_SIP_PASSWORD = ConfigRules.MIN_SIP_PASSWORD;

    private final List<Problem> problems = new ArrayList<>();
    /** SHA-256 of every customer API token declared (an admin token must not be one of them). */
    private final Set<String> customerTokenHashes = new HashSet<>();

    private ConfigValidator() {}

    static List<Problem> validate(DialtoneConfig config) {
        ConfigValidator v = new ConfigValidator();
        v.check(config);
        return v.problems;
    }

    private void check(DialtoneConfig c) {
        var sip = c.sip();
        notBlank("sip.bind_address", sip.bindAddress());
        if (sip.advertisedAddress() != null) notBlank("sip.advertised_address", sip.advertisedAddress());
        port("sip.udp_port", sip.udpPort());
        port("sip.tcp_port", sip.tcpPort());
        notBlank("sip.realm", sip.realm());
        if (sip.realm() != null && (sip.realm().contains("\"") || sip.realm().contains("\\"))) {
            problem("sip.realm", "must not contain quotes or backslashes");
        }
        positive("sip.min_expires", sip.minExpires());
        if (sip.maxExpires() < sip.minExpires()) {
            problem("sip.max_expires", "must be at least sip.min_expires (" + sip.minExpires() + "), got " + sip.maxExpires());
        }
        if (sip.defaultExpires() < sip.minExpires() || sip.defaultExpires() > sip.maxExpires()) {
            problem("sip.default_expires", "must be between sip.min_expires and sip.max_expires ("
                    + sip.minExpires() + "-" + sip.maxExpires() + "), got " + sip.defaultExpires());
        }
        positive("sip.nonce_lifetime_seconds", sip.nonceLifetimeSeconds());
        positive("sip.ring_timeout_seconds", sip.ringTimeoutSeconds());
        positive("sip.auth_failures_per_minute", sip.authFailuresPerMinute());

        notBlank("http.bind_address", c.http().bindAddress());
        port("http.port", c.http().port());
        if (c.http().port() == sip.tcpPort()) {
            problem("http.port", "must differ from sip.tcp_port, both are " + sip.tcpPort());
        }
        positive("http.rate_limit_per_second", c.http().rateLimitPerSecond());
        positive("http.rate_limit_burst", c.http().rateLimitBurst());
        if (c.http().syncAnswerMarginSeconds() < 0) {
            problem("http.sync_answer_margin_seconds", "must not be negative, got " + c.http().syncAnswerMarginSeconds());
        }
        for (String origin : c.http().corsAllowedOrigins()) {
            if (!isOrigin(origin)) {
                problem("http.cors_allowed_origins", "each entry must be an origin like https://app.example.com or "
                        + "http://localhost:3000 (scheme, host, optional port; no path, no trailing slash), got "
                        + quote(origin));
            }
        }

        var rtp = c.rtp();
        notBlank("rtp.bind_address", rtp.bindAddress());
        port("rtp.port_min", rtp.portMin());
        port("rtp.port_max", rtp.portMax());
        if (rtp.portMin() % 2 != 0) {
            problem("rtp.port_min", "must be even (RTP uses even ports, RTCP the next odd one), got " + rtp.portMin());
        }
        if (rtp.portMax() <= rtp.portMin()) {
            problem("rtp.port_max", "must be greater than rtp.port_min (" + rtp.portMin() + "), got " + rtp.portMax());
        }
        if (sip.udpPort() >= rtp.portMin() && sip.udpPort() <= rtp.portMax()) {
            problem("rtp.port_min", "range " + rtp.portMin() + "-" + rtp.portMax() + " contains sip.udp_port " + sip.udpPort());
        }
        trustedNetworks(rtp.trustedNetworks());
        var parking = c.parking();
        if (parking.firstSpot() < 1 || parking.firstSpot() > 99_999_999) {
            problem("parking.first_spot", "must be a number of 1 to 8 digits, got " + parking.firstSpot());
        }
        if (parking.lastSpot() < parking.firstSpot() || parking.lastSpot() > 99_999_999) {
            problem("parking.last_spot", "must be at least parking.first_spot (" + parking.firstSpot() + "), got "
                    + parking.lastSpot());
        }
        if (parking.timeoutSeconds() < 0) {
            problem("parking.timeout_seconds", "must be 0 (never) or more, got " + parking.timeoutSeconds());
        }
        musicOnHold("parking.music_on_hold", parking.musicOnHold());
        positive("rtp.timeout_seconds", rtp.timeoutSeconds());

        var events = c.events();
        positive("events.buffer_max_events", events.bufferMaxEvents());
        positive("events.buffer_max_age_seconds", events.bufferMaxAgeSeconds());
        positive("events.subscriber_queue_size", events.subscriberQueueSize());
        positive("events.max_streams_per_token", events.maxStreamsPerToken());
        positive("events.keepalive_seconds", events.keepaliveSeconds());
        positive("events.retry_millis", events.retryMillis());

        notBlank("data_dir", c.dataDir());
        String url = c.database().url();
        if (url != null && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            problem("database.url", "must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        limits(c.limits());
        customers(c.customers());
        adminTokens(c.adminTokens());
        RoutingValidator.validate(c, problems);
    }

    private void limits(DialtoneConfig.Limits limits) {
        atLeastZero("limits.max_calls_per_customer", limits.maxCallsPerCustomer());
        atLeastZero("limits.max_calls_per_account", limits.maxCallsPerAccount());
        atLeastZero("limits.max_contacts_per_account", limits.maxContactsPerAccount());
        atLeastZero("limits.max_hold_seconds", limits.maxHoldSeconds());
        atLeastZero("limits.sip_tcp_max_connections", limits.sipTcpMaxConnections());
        atLeastZero("limits.sip_tcp_max_connections_per_ip", limits.sipTcpMaxConnectionsPerIp());
        atLeastZero("limits.sip_tcp_idle_seconds", limits.sipTcpIdleSeconds());
        if (limits.maxCalls() < 0) problem("limits.max_calls", "must be 0 (no limit) or more, got " + limits.maxCalls());
        if (limits.maxHeapAfterGcPercent() < 0 || limits.maxHeapAfterGcPercent() > 100) {
            problem("limits.max_heap_after_gc_percent", "must be a percentage 1-100, or 0 (no limit), got "
                    + limits.maxHeapAfterGcPercent());
        }
        if (limits.maxSipQueue() < 0) {
            problem("limits.max_sip_queue", "must be 0 (no limit) or more, got " + limits.maxSipQueue());
        }
        if (limits.retryAfterSeconds() < 1 || limits.retryAfterSeconds() > 3600) {
            problem("limits.retry_after_seconds", "must be 1-3600, got " + limits.retryAfterSeconds());
        }
    }

    private void atLeastZero(String path, int value) {
        if (value < 0) problem(path, "must be 0 (no limit) or more, got " + value);
    }

    private void customers(List<CustomerConfig> customers) {
        Set<String> codes = new HashSet<>();
        Map<String, String> sipUsernames = new HashMap<>();
        for (int i = 0; i < customers.size(); i++) {
            String at = "customers[" + i + "]";
            CustomerConfig customer = customers.get(i);
            if (customer == null) {
                problem(at, "must be a mapping of keys");
                continue;
            }
            var badCode = ConfigRules.customerCode(customer.code());
            if (badCode.isPresent()) {
                problem(at + ".code", badCode.get());
            } else if (!codes.add(customer.code())) {
                problem(at + ".code", "duplicate customer code " + customer.code());
            }
            notBlank(at + ".name", customer.name());
            musicOnHold(at + ".music_on_hold", customer.musicOnHold());
            extensions(at, customer.extensions(), sipUsernames);
            transferFallback(at, customer);
            tokens(at, customer.apiTokens(), customerTokenHashes);
        }
    }

    private void extensions(String customerPath, List<ExtensionConfig> extensions, Map<String, String> sipUsernames) {
        Set<String> numbers = new HashSet<>();
        for (int j = 0; j < extensions.size(); j++) {
            String at = customerPath + ".extensions[" + j + "]";
            ExtensionConfig ext = extensions.get(j);
            if (ext == null) {
                problem(at, "must be a mapping of keys");
                continue;
            }
            var badNumber = ConfigRules.number(ext.number());
            if (badNumber.isPresent()) {
                problem(at + ".number", badNumber.get());
            } else if (!numbers.add(ext.number())) {
                problem(at + ".number", "duplicate extension number " + ext.number() + " in this customer");
            }
            String user = ext.sipUsername();
            var badUser = ConfigRules.sipUsername(user);
            if (badUser.isPresent()) {
                problem(at + ".sip_username", badUser.get());
            } else if (sipUsernames.containsKey(user)) {
                problem(at + ".sip_username", "duplicate sip_username " + user + " (also at " + sipUsernames.get(user) + ")");
            } else {
                sipUsernames.put(user, at + ".sip_username");
            }
            ConfigRules.sipPassword(ext.password() == null ? null : ext.password().reveal())
                    .ifPresent(message -> problem(at + ".password", message));
        }
    }

    /** Each entry of {@code rtp.trusted_networks} must be a network in CIDR notation (or one address). */
    private void trustedNetworks(List<String> networks) {
        for (String network : networks) {
            try {
                Cidr.parse(network);
            } catch (IllegalArgumentException e) {
                problem("rtp.trusted_networks", "each entry must be a network like 192.0.2.0/24 or 2001:db8::/32 ("
                        + e.getMessage() + "), got " + quote(network));
            }
        }
    }

    /** The transfer fallback, if set, must be one of this customer's own extensions. */
    private void transferFallback(String customerPath, CustomerConfig customer) {
        String number = customer.transferFallback();
        if (number == null) return;
        String at = customerPath + ".transfer_fallback";
        if (!number.matches("\\d{1,20}")) {
            problem(at, "must be 1-20 digits, got " + quote(number));
        } else if (customer.extensions().stream().noneMatch(e -> e != null && number.equals(e.number()))) {
            problem(at, "must be an extension of this customer, got " + quote(number));
        }
    }

    private void tokens(String customerPath, List<ApiTokenConfig> tokens, Set<String> tokenHashes) {
        for (int k = 0; k < tokens.size(); k++) {
            String at = customerPath + ".api_tokens[" + k + "]";
            ApiTokenConfig token = tokens.get(k);
            if (token == null) {
                problem(at, "must be a mapping of keys");
                continue;
            }
            boolean hasHash = token.tokenSha256() != null;
            boolean hasPlain = token.token() != null;
            if (hasHash == hasPlain) {
                problem(at, "set exactly one of token_sha256 or token");
                continue;
            }
            String hash;
            if (hasHash) {
                var badHash = ConfigRules.tokenSha256(token.tokenSha256());
                if (badHash.isPresent()) {
                    problem(at + ".token_sha256", badHash.get());
                    continue;
                }
                hash = token.tokenSha256().toLowerCase(java.util.Locale.ROOT);
            } else {
                var badToken = ConfigRules.token(token.token().reveal());
                if (badToken.isPresent()) {
                    problem(at + ".token", badToken.get());
                    continue;
                }
                hash = org.dialtone.core.customer.ApiToken.hash(token.token().reveal());
            }
            if (!tokenHashes.add(hash)) problem(at, "duplicate API token");
        }
    }

    /**
     * {@code admin_tokens[k]}: a label (it names the actor in the audit log; unique) and exactly one of token or
     * token_sha256, by the rules of customer tokens; no admin token may also be a customer's API token.
     */
    private void adminTokens(List<DialtoneConfig.AdminTokenConfig> tokens) {
        Set<String> labels = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int k = 0; k < tokens.size(); k++) {
            String at = "admin_tokens[" + k + "]";
            var token = tokens.get(k);
            if (token == null) {
                problem(at, "must be a mapping of keys");
                continue;
            }
            var badLabel = ConfigRules.notBlank(token.label());
            if (badLabel.isPresent()) problem(at + ".label", badLabel.get());
            else if (!labels.add(token.label())) problem(at + ".label", "duplicate admin token label " + quote(token.label()));
            boolean hasHash = token.tokenSha256() != null;
            if (hasHash == (token.token() != null)) {
                problem(at, "set exactly one of token_sha256 or token");
                continue;
            }
            var bad = hasHash ? ConfigRules.tokenSha256(token.tokenSha256()) : ConfigRules.token(token.token().reveal());
            if (bad.isPresent()) {
                problem(at + (hasHash ? ".token_sha256" : ".token"), bad.get());
                continue;
            }
            String hash = hasHash ? token.tokenSha256().toLowerCase(java.util.Locale.ROOT)
                    : org.dialtone.core.customer.ApiToken.hash(token.token().reveal());
            if (!hashes.add(hash)) problem(at, "duplicate admin token");
            else if (customerTokenHashes.contains(hash)) problem(at, "is also a customer's API token; use another");
        }
    }

    /** A music-on-hold file, if set, must be readable audio the media engine can decode (checked from its header). */
    private void musicOnHold(String path, String file) {
        if (file == null) return;
        if (file.isBlank()) {
            problem(path, "must be a WAV file path, or left out");
            return;
        }
        Path wav;
        try {
            wav = Path.of(file);
        } catch (InvalidPathException e) {
            problem(path, "not a valid file path: " + quote(file));
            return;
        }
        if (!Files.isRegularFile(wav) || !Files.isReadable(wav)) {
            problem(path, "file not readable: " + file);
            return;
        }
        try {
            WavLoader.checkWav(wav);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
        }
    }

    /** {@code http(s)://host[:port]} as a browser sends it in {@code Origin}; no wildcard, path, query or user. */
    static boolean isOrigin(String value) {
        if (value == null || !value.matches("(?i)https?://[^/?#@\\s]+")) return false;
        try {
            java.net.URI uri = new java.net.URI(value);
            return uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private void port(String path, int port) {
        if (port < 1 || port > 65535) problem(path, "must be 1-65535, got " + port);
    }

    private void positive(String path, int value) {
        if (value < 1) problem(path, "must be at least 1, got " + value);
    }

    private void notBlank(String path, String value) {
        if (value == null || value.isBlank()) problem(path, "must not be empty");
    }

    private void problem(String path, String message) { problems.add(new Problem(path, message)); }

    private static String quote(String value) { return value == null ? "nothing" : "\"" + value + "\""; }
}
