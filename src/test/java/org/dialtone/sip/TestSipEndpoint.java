package org.dialtone.sip;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.dialtone.testing.FreePorts;

/**
 * A bare SIP endpoint on 127.0.0.1 (free ports) for tests of the clients that use {@link NonInviteClient}: it routes
 * responses, timeouts and transport errors exactly as {@link SipServer} does, and ignores requests.
 */
public final class TestSipEndpoint implements AutoCloseable {
    private final SipEndpoint endpoint;
    private final NonInviteClient client;

    private final AtomicInteger requests = new AtomicInteger();

    public TestSipEndpoint() throws Exception {
        int port = FreePorts.udpAndTcp();
        endpoint = new SipEndpoint(new SipSettings("127.0.0.1", "127.0.0.1", port, port, "test", 60, 3600, 600,
                Duration.ofMinutes(5), 100, false), new Listener(requests));
        client = new NonInviteClient(endpoint);
        awaitReceiving(port);
    }

    /**
     * Sends ourselves a request and waits until the stack hands it over: JAIN-SIP's UDP processor sets up its
     * channels on its own thread, and a stack stopped before that thread ran fails with a NullPointerException.
     */
    private void awaitReceiving(int port) throws Exception {
        String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKready\r\nFrom: <sip:ready@127.0.0.1>;tag=1\r\n"
                + "To: <sip:127.0.0.1>\r\nCall-ID: ready\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = options.getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(FreePorts.LOOPBACK, 0))) {
            Awaitility.await("SIP endpoint receiving").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(FreePorts.LOOPBACK, port)));
                        return requests.get() > 0;
                    });
        }
    }

    public NonInviteClient client() { return client; }

    public int udpPort() { return endpoint.port("udp"); }

    @Override
    public void close() { endpoint.close(); }

    private record Listener(AtomicInteger requests) implements SipListener {
        @Override public void processRequest(RequestEvent event) { requests.incrementAndGet(); }
        @Override public void processResponse(ResponseEvent event) { NonInviteClient.deliver(event); }
        @Override public void processTimeout(TimeoutEvent event) { NonInviteClient.deliver(event); }
        @Override public void processIOException(IOExceptionEvent event) { NonInviteClient.deliver(event); }
        @Override public void processTransactionTerminated(TransactionTerminatedEvent event) { }
        @Override public void processDialogTerminated(DialogTerminatedEvent event) { }
    }
}
