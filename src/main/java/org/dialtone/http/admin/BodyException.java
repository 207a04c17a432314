package org.dialtone.http.admin;

/** A request body or query the management API cannot read: not JSON (400), another media type (415), a bad field. */
final class BodyException extends RuntimeException {
    final int status;
    final String error;
    final String field;

    BodyException(int status, String error, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.field = field;
    }
}
