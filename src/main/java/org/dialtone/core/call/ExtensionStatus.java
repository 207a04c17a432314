package org.dialtone.core.call;

import java.util.List;
import java.util.Locale;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.location.Registration;

/** An extension now: its registered devices, and whether it is free, rung, or in a call. */
public record ExtensionStatus(Extension extension, List<Registration> devices, Status status) {
    public enum Status {
        /** No device registered (and no call). */
        OFFLINE,
        /** Registered, no call. */
        IDLE,
        /** Being rung, and in no other call. */
        RINGING,
        /** In a call: talking, calling out, parked or on hold. */
        ON_CALL;

        public String wire() { return name().toLowerCase(Locale.ROOT); }
    }
}
