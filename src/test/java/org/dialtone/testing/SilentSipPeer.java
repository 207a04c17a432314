package org.dialtone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A UDP socket on a loopback address and port that reads every datagram and never answers: a carrier that is down
 * (OPTIONS keepalives go unanswered, an INVITE times out), while the test can still see what was sent to it.
 */
public final class SilentSipPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<String> startLines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private SilentSipPeer(DatagramSocket socket) {
        this.socket = socket;
        this.reader = Thread.ofPlatform().daemon().name("silent-sip-" + socket.getLocalSocketAddress()).start(this::read);
    }

    /** Binds UDP {@code address:port} (loopback only). */
    public static SilentSipPeer bind(String address, int port) {
        if (!address.startsWith("127.")) throw new IllegalArgumentException("loopback only: " + address);
        try {
            return new SilentSipPeer(new DatagramSocket(new InetSocketAddress(address, port)));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot bind " + address + ":" + port, e);
        }
    }

    /** The first line of every datagram received so far (e.g. {@code OPTIONS sip:127.0.0.2:5090 SIP/2.0}). */
    public List<String> startLines() { return List.copyOf(startLines); }

    /** How many requests of {@code method} arrived (retransmissions included). */
    public long requests(String method) {
        return startLines.stream().filter(l -> l.startsWith(method + " ")).count();
    }

    private void read() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            int eol = text.indexOf('\n');
            startLines.add((eol < 0 ? text : text.substring(0, eol)).strip());
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
