package org.dialtone.core.location;

import java.util.List;

/** The devices registered now, as the registrar holds them (implemented by the SIP adapter's location service). */
public interface Registrations {
    /** The live (unexpired) registrations of SIP account {@code sipUsername}; empty when none. Any thread. */
    List<Registration> live(String sipUsername);
}
