package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sip.ServerTransaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnswerBeforeAckTest {
    private final AnswerBeforeAck answers = new AnswerBeforeAck();
    // a thread each: the common pool may have a single worker on a small machine
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void anAckThatArrivesWhileItsTwoHundredIsBeingSentWaitsUntilTheSendHasReturned() throws Exception {
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch finishSend = new CountDownLatch(1);
        ServerTransaction tx = transactionWhoseSend(() -> {
            inSend.countDown();
            waitFor(finishSend);
        });
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                answers.send(tx, ok("call-1"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        assertThat(inSend.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> ack = CompletableFuture.supplyAsync(() -> answers.processRequest(ack("call-1"), null),
                threads);
        assertThat(answers.processRequest(ack("call-2"), null)).as("another call's ACK passes at once").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> answers.heldAcks() == 1);
        assertThat(ack).as("held while the 200 is being sent").isNotDone();

        finishSend.countDown();
        assertThat(ack.get(5, TimeUnit.SECONDS)).as("the ACK goes on to the stack once the 200 is sent").isTrue();
        sending.get(5, TimeUnit.SECONDS);
        assertThat(answers.heldAcks()).isEqualTo(1);
        assertThat(answers.processRequest(ack("call-1"), null)).as("a later ACK (retransmission) is not held").isTrue();
        assertThat(answers.heldAcks()).isEqualTo(1);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ServerTransaction transactionWhoseSend(Runnable send) {
        return (ServerTransaction) Proxy.newProxyInstance(AnswerBeforeAckTest.class.getClassLoader(),
                new Class<?>[] {ServerTransaction.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendResponse")) send.run();
                    return null;
                });
    }

    private static SIPResponse ok(String callId) throws Exception {
        return (SIPResponse) parse("SIP/2.0 200 OK\r\n" + headers(callId, "1 INVITE"));
    }

    private static SIPRequest ack(String callId) {
        try {
            return (SIPRequest) parse("ACK sip:200@127.0.0.1 SIP/2.0\r\n" + headers(callId, "1 ACK"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String headers(String callId, String cseq) {
        return "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-" + cseq.hashCode() + "\r\n"
                + "From: <sip:200@127.0.0.1>;tag=a\r\nTo: <sip:201@127.0.0.1>;tag=b\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private static Object parse(String message) throws Exception {
        return new StringMsgParser().parseSIPMessage(message.getBytes(StandardCharsets.UTF_8), true, false, null);
    }
}
