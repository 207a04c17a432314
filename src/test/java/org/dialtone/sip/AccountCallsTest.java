package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Calls per SIP account: one slot per call and account, given back when it ends or when another account answers. */
class AccountCallsTest {
    @Test
    void anAccountTakesNoMoreCallsThanItsLimitAndOneMoreOnceOneEnds() {
        AccountCalls calls = new AccountCalls(2);
        Object first = new Object();
        Object second = new Object();
        assertThat(calls.tryTake("200", first)).isTrue();
        assertThat(calls.tryTake("200", first)).as("the same call again takes no second slot").isTrue();
        assertThat(calls.tryTake("200", second)).isTrue();
        assertThat(calls.tryTake("200", new Object())).isFalse();
        assertThat(calls.tryTake("201", new Object())).as("another account").isTrue();
        assertThat(calls.refused()).isEqualTo(1);

        calls.releaseAll(first);
        calls.releaseAll(first);
        assertThat(calls.of("200")).isEqualTo(1);
        assertThat(calls.tryTake("200", new Object())).isTrue();
    }

    @Test
    void aRingGroupCallKeepsOnlyTheAnsweringAccountsSlot() {
        AccountCalls calls = new AccountCalls(1);
        Object group = new Object();
        calls.tryTake("200", group);
        calls.tryTake("201", group);
        assertThat(calls.tryTake("201", new Object())).as("201 rings for the group").isFalse();

        calls.keepOnly(group, "200");

        assertThat(calls.of("201")).isZero();
        assertThat(calls.of("200")).isEqualTo(1);
        calls.releaseAll(group);
        assertThat(calls.of("200")).isZero();
    }

    @Test
    void concurrentCallsNeverOvershootTheLimit() throws Exception {
        AccountCalls calls = new AccountCalls(3);
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (calls.tryTake("200", new Object())) taken.incrementAndGet();
            }));
        }
        go.countDown();
        for (Thread t : threads) t.join();
        assertThat(taken.get()).isEqualTo(3);
        assertThat(calls.of("200")).isEqualTo(3);
    }

    @Test
    void zeroIsNoLimit() {
        AccountCalls calls = new AccountCalls(0);
        for (int i = 0; i < 100; i++) assertThat(calls.tryTake("200", new Object())).isTrue();
    }
}
