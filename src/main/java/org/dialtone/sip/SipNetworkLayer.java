package org.dialtone.sip;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The stack's sockets (set as {@code gov.nist.javax.sip.NETWORK_LAYER}, so public with a public no-argument
 * constructor): the stack's own, but for the UDP listening socket, whose datagrams are handed on in arrays of their
 * own size. The stack reads every datagram into a new 64 KiB array (the largest datagram) and queues it until a SIP
 * thread parses it: 64 KiB of garbage per message (150 MB/s at 200 calls/s, young collections several times a
 * second), and 64 KiB per message waiting in a backlog. With this socket it reads into one reusable buffer and queues
 * a copy of the message's size; {@link SipMessageProcessors.Udp} then has the stack allocate next to nothing.
 */
public final class SipNetworkLayer implements NetworkLayer {
    private static final NetworkLayer STACKS_OWN = DefaultNetworkLayer.SINGLETON;

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress address) throws SocketException {
        return new ExactSizeDatagramSocket(port, address);
    }

    /** A bound UDP socket whose {@link #receive} fills the packet with an array of the datagram's size. */
    static final class ExactSizeDatagramSocket extends DatagramSocket {
        private final DatagramPacket largest = new DatagramPacket(new byte[65_536], 65_536);

        ExactSizeDatagramSocket(int port, InetAddress address) throws SocketException {
            super(port, address);
        }

        /** Called by the stack's one reading thread only (the shared buffer is not for concurrent receives). */
        @Override
        public void receive(DatagramPacket packet) throws IOException {
            largest.setLength(largest.getData().length);
            super.receive(largest);
            packet.setData(Arrays.copyOf(largest.getData(), largest.getLength()));
            packet.setSocketAddress(largest.getSocketAddress());
        }
    }

    @Override public DatagramSocket createDatagramSocket() throws SocketException {
        return STACKS_OWN.createDatagramSocket();
    }

    @Override public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return STACKS_OWN.createServerSocket(port, backlog, address);
    }

    @Override public Socket createSocket(InetAddress address, int port) throws IOException {
        return STACKS_OWN.createSocket(address, port);
    }

    @Override public Socket createSocket(InetAddress address, int port, InetAddress local) throws IOException {
        return STACKS_OWN.createSocket(address, port, local);
    }

    @Override public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
            throws IOException {
        return STACKS_OWN.createSocket(address, port, local, localPort);
    }

    @Override public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address)
            throws IOException {
        return STACKS_OWN.createSSLServerSocket(port, backlog, address);
    }

    @Override public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return STACKS_OWN.createSSLSocket(address, port);
    }

    @Override public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress local) throws IOException {
        return STACKS_OWN.createSSLSocket(address, port, local);
    }

    @Override public void setSipStack(SipStackImpl stack) {
        STACKS_OWN.setSipStack(stack);
    }
}
