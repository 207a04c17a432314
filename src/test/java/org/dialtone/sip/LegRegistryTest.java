package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.TransactionState;
import org.junit.jupiter.api.Test;

/**
 * A finished leg lets go of the stack's transaction and dialog, which the stack keeps for up to 32 s after a call
 * (else they would keep the leg, its call, RTP sockets and threads alive as long); unless a response may still come
 * that the leg must handle.
 */
class LegRegistryTest {
    private final LegRegistry registry = new LegRegistry();
    private final SipLeg leg = new OutboundLeg(null, registry, null, "200");

    @Test
    void aFinishedInboundLegIsDetachedFromItsTransactionAndDialog() {
        ServerTransaction tx = fake(ServerTransaction.class, null);
        Dialog dialog = fake(Dialog.class, null);
        registry.add(leg, "call-1", tx, dialog);
        assertThat(registry.size()).isEqualTo(1);
        assertThat(tx.getApplicationData()).isSameAs(leg);

        registry.remove("call-1", leg);

        assertThat(registry.size()).isZero();
        assertThat(tx.getApplicationData()).isNull();
        assertThat(dialog.getApplicationData()).isNull();
    }

    @Test
    void anAnsweredOrFailedForkIsDetachedAndOneStillRingingIsNot() {
        ClientTransaction answered = fake(ClientTransaction.class, TransactionState.TERMINATED);
        ClientTransaction busy = fake(ClientTransaction.class, TransactionState.COMPLETED);
        ClientTransaction ringing = fake(ClientTransaction.class, TransactionState.PROCEEDING);
        Dialog ringingDialog = fake(Dialog.class, null);
        registry.add(leg, "fork-1", answered, fake(Dialog.class, null));
        registry.add(leg, "fork-2", busy, fake(Dialog.class, null));
        registry.add(leg, "fork-3", ringing, ringingDialog);

        for (String id : new String[] {"fork-1", "fork-2", "fork-3"}) registry.remove(id, leg);

        assertThat(registry.size()).isZero();
        assertThat(answered.getApplicationData()).isNull();
        assertThat(busy.getApplicationData()).isNull();
        assertThat(ringing.getApplicationData()).as("its 180 must still reach the leg, which cancels it")
                .isSameAs(leg);
        assertThat(ringingDialog.getApplicationData()).isSameAs(leg);
    }

    @Test
    void anotherLegsRemovalTouchesNothing() {
        ServerTransaction tx = fake(ServerTransaction.class, null);
        registry.add(leg, "call-1", tx, fake(Dialog.class, null));
        registry.remove("call-1", new OutboundLeg(null, registry, null, "201"));
        assertThat(registry.size()).isEqualTo(1);
        assertThat(tx.getApplicationData()).isSameAs(leg);
    }

    /** A transaction or dialog that only keeps application data (and reports {@code state}). */
    private static <T> T fake(Class<T> type, TransactionState state) {
        Map<String, Object> data = new HashMap<>();
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "setApplicationData" -> data.put("data", args[0]);
                    case "getApplicationData" -> data.get("data");
                    case "getState" -> state;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
    }
}
