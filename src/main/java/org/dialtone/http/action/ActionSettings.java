package org.dialtone.http.action;

import java.time.Duration;

/**
 * @param rateLimitPerSecond requests per second per API token, sustained
 * @param rateLimitBurst     requests per API token at once (the bucket size)
 * @param syncAnswerTimeout  longest wait of a {@code sync=true} originate: the ring timeout plus a margin
 */
public record ActionSettings(int rateLimitPerSecond, int rateLimitBurst, Duration syncAnswerTimeout) {}
