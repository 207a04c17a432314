package org.dialtone.sip.trunk;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.dialtone.sip.CallIntake;

/**
 * The core as the SIP adapter sees it: knows some DIDs, records the calls trunks deliver (answering them is up to the
 * test), refuses calls from devices, and keeps the signalling port the adapter registers.
 */
final class FakeCore implements CallIntake {
    record TrunkCall(String trunk, String e164, CallerId caller, SignallingLeg leg, RecordingListener listener) {}

    final Set<String> dids = ConcurrentHashMap.newKeySet();
    final List<TrunkCall> trunkCalls = new CopyOnWriteArrayList<>();
    /** When set, calls from trunks are refused (null), and the DID forgotten first if {@link #forgetDidOnRefusal}. */
    volatile boolean refuseTrunkCalls;
    volatile boolean forgetDidOnRefusal;
    /** When set, handing a call from a trunk to the core throws this (a bug, or a core shutting down under it). */
    volatile RuntimeException failTrunkCalls;
    volatile SignallingPort port;

    /** The SIP server's signalling port, handed over as the application's wiring does. */
    public void signalling(SignallingPort port) { this.port = port; }

    @Override public LegListener incoming(Extension caller, String dialled, SignallingLeg leg) { return null; }

    @Override public boolean knowsDid(String e164) { return dids.contains(e164); }

    @Override
    public LegListener incomingFromTrunk(String trunk, String e164, CallerId caller, SignallingLeg leg) {
        RuntimeException failure = failTrunkCalls;
        if (failure != null) throw failure;
        if (refuseTrunkCalls) {
            if (forgetDidOnRefusal) dids.remove(e164);
            return null;
        }
        RecordingListener listener = new RecordingListener();
        trunkCalls.add(new TrunkCall(trunk, e164, caller, leg, listener));
        return listener;
    }
}
