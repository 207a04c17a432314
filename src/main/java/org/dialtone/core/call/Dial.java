package org.dialtone.core.call;

import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.dialtone.core.channel.HangupCause;

/**
 * Ringing a destination for {@code origin} (null for the first leg of an originate), until it answers, fails, times
 * out or is given up. Confined to its call's mailbox, like everything of a {@link Call}.
 */
final class Dial {
    final Channel origin;
    final Channel callee;
    final Consumer<Channel> onAnswer;
    final Consumer<HangupCause> onFail;
    /** Runs when we give up on the dial ourselves (not a failure of the callee): waiters must still hear. */
    Runnable onCancelled = () -> { };
    ScheduledFuture<?> timer;
    /** Whether the origin already hears the callee's early media. */
    boolean earlyMedia;

    Dial(Channel origin, Channel callee, Consumer<Channel> onAnswer, Consumer<HangupCause> onFail) {
        this.origin = origin;
        this.callee = callee;
        this.onAnswer = onAnswer;
        this.onFail = onFail;
    }
}
