package org.dialtone.core.admin;

/**
 * Why the management API refused a change; the HTTP adapter maps each {@link Reason} to one status and error code.
 * {@code field} names the input at fault, or is null. The message never holds a secret.
 */
public final class AdminException extends RuntimeException {
    public enum Reason {
        /** No such customer, or no such item of that customer: 404 not_found. */
        NOT_FOUND,
        /** The YAML owns it: 409 managed_by_config. */
        MANAGED_BY_CONFIG,
        /** A field is missing: 400 missing_field. */
        MISSING_FIELD,
        /** A field breaks a rule of the configuration: 400 invalid_field. */
        INVALID_FIELD,
        /** Its key (code, number, SIP user name) is taken: 409 already_exists. */
        ALREADY_EXISTS,
        /** Something else points at it (a DID at a ring group): 409 in_use. */
        IN_USE
    }

    private final Reason reason;
    private final String field;

    public AdminException(Reason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() { return reason; }
    public String field() { return field; }
}
