package org.dialtone.core.admin;

import java.time.Instant;

/**
 * One change made through the management API: {@code actor} is the admin token's label, {@code action} what was done
 * ({@code extension.create}), {@code object} what it was done to ({@code customer/1000001/extension/200}),
 * {@code detail} a short description without any secret.
 */
public record AuditEntry(long id, Instant at, String actor, String action, String object, String detail) {}
