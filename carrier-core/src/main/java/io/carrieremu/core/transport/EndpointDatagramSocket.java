package io.carrieremu.core.transport;

import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.DatagramReceiver;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;

/**
 * A {@link DatagramSocket} whose sends go through the OS layer's {@link DatagramEndpoint}, so Scandium's
 * DTLS connector runs on the backend's network — a real modem's PDN, or the simulated one that gates
 * and records every packet. Nothing is received through it: the endpoint pushes arriving datagrams to
 * the receiver given at {@link #open}, which hands them to the connector.
 */
final class EndpointDatagramSocket extends DatagramSocket {

    private final DatagramEndpoint endpoint;
    private final ConnectionMonitor monitor;
    private volatile boolean closed;

    private EndpointDatagramSocket(DatagramEndpoint endpoint, ConnectionMonitor monitor) {
        // No operating-system socket behind it: the OS layer's endpoint is the socket (a simulated world
        // of ten thousand devices would otherwise need twenty thousand file descriptors).
        super(new NoSocket());
        this.endpoint = endpoint;
        this.monitor = monitor;
    }

    /** The implementation of a socket that never touches the operating system; every call is refused. */
    private static final class NoSocket extends java.net.DatagramSocketImpl {
        @Override
        protected void create() {
        }

        @Override
        protected void bind(int lport, InetAddress laddr) {
        }

        @Override
        protected void send(DatagramPacket p) throws IOException {
            throw new SocketException("not an operating-system socket");
        }

        @Override
        protected int peek(InetAddress i) throws IOException {
            throw new SocketException("not an operating-system socket");
        }

        @Override
        protected int peekData(DatagramPacket p) throws IOException {
            throw new SocketException("not an operating-system socket");
        }

        @Override
        protected void receive(DatagramPacket p) throws IOException {
            throw new SocketException("not an operating-system socket");
        }

        @Override
        @Deprecated
        protected void setTTL(byte ttl) {
        }

        @Override
        @Deprecated
        protected byte getTTL() {
            return 0;
        }

        @Override
        protected void setTimeToLive(int ttl) {
        }

        @Override
        protected int getTimeToLive() {
            return 0;
        }

        @Override
        protected void join(InetAddress inetaddr) throws IOException {
            throw new SocketException("not an operating-system socket");
        }

        @Override
        protected void leave(InetAddress inetaddr) throws IOException {
            throw new SocketException("not an operating-system socket");
        }

        @Override
        protected void joinGroup(SocketAddress mcastaddr, java.net.NetworkInterface netIf) throws IOException {
            throw new SocketException("not an operating-system socket");
        }

        @Override
        protected void leaveGroup(SocketAddress mcastaddr, java.net.NetworkInterface netIf) throws IOException {
            throw new SocketException("not an operating-system socket");
        }

        @Override
        protected void close() {
        }

        @Override
        public void setOption(int optID, Object value) {
        }

        @Override
        public Object getOption(int optID) {
            return null;
        }
    }

    /** Opens a datagram endpoint of {@code network} on {@code pdnId}; OS failures become IOExceptions. */
    static EndpointDatagramSocket open(Network network, int pdnId, PdnFamily family, ConnectionMonitor monitor,
            DatagramReceiver receiver) throws IOException {
        try {
            DatagramEndpoint endpoint = network.openDatagram(pdnId, family, datagram -> {
                monitor.received(datagram);
                receiver.received(datagram);
            });
            return new EndpointDatagramSocket(endpoint, monitor);
        } catch (OsException e) {
            throw new IOException("no datagram endpoint: " + e.getMessage(), e);
        }
    }

    /** The endpoint's local address. */
    InetSocketAddress localEndpointAddress() {
        return endpoint.localAddress();
    }

    /** The largest payload the endpoint carries. */
    int maxPayloadSize() {
        return endpoint.maxPayloadSize();
    }

    @Override
    public void send(DatagramPacket packet) throws IOException {
        if (!monitor.mayPass()) {
            throw new IOException("connection sealed: datagram to " + packet.getSocketAddress() + " not sent");
        }
        Datagram datagram = new Datagram((InetSocketAddress) packet.getSocketAddress(),
                Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()));
        try {
            endpoint.send(datagram);
        } catch (OsException e) {
            throw new IOException("datagram not sent: " + e.getMessage(), e);
        }
        monitor.sent(datagram);
    }

    @Override
    public void receive(DatagramPacket packet) throws IOException {
        throw new SocketException("datagrams are pushed by the OS layer, not received");
    }

    @Override
    public void bind(SocketAddress address) {
        // The endpoint is bound by the OS layer.
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public InetAddress getLocalAddress() {
        return endpoint.localAddress().getAddress();
    }

    @Override
    public int getLocalPort() {
        return endpoint.localAddress().getPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return endpoint.localAddress();
    }

    @Override
    public void setReceiveBufferSize(int size) {
        // sized by the OS layer
    }

    @Override
    public int getReceiveBufferSize() {
        return 2048;
    }

    @Override
    public void setSendBufferSize(int size) {
        // sized by the OS layer
    }

    @Override
    public int getSendBufferSize() {
        return 2048;
    }

    @Override
    public void setReuseAddress(boolean on) {
        // not applicable
    }

    @Override
    public boolean getReuseAddress() {
        return false;
    }

    @Override
    public void close() {
        closed = true;
        endpoint.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
