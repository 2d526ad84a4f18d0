package io.carrieremu.core.transport;

import io.carrieremu.core.Errno;
import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DatagramSocket} whose traffic goes through the OS layer's {@link DatagramEndpoint}, so
 * Californium's UDP connector and Scandium's DTLS connector run on the backend's network — a real
 * modem's PDN, or the simulated one that gates and records every packet.
 *
 * <p>It also remembers which peers ever answered: a DTLS handshake that got an answer and then failed
 * is a "connect" failure, one that never got any is "no route" (Scandium servers drop bad PSKs silently,
 * so the two look alike from above).
 */
final class EndpointDatagramSocket extends DatagramSocket {

    private final DatagramEndpoint endpoint;
    private final TrafficListener traffic;
    private final Set<InetSocketAddress> answeredBy = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param traffic told about each datagram sent and received
     */
    EndpointDatagramSocket(DatagramEndpoint endpoint, TrafficListener traffic) throws SocketException {
        super((SocketAddress) null);
        this.endpoint = endpoint;
        this.traffic = traffic;
    }

    /** Opens a datagram endpoint of {@code network} on {@code pdnId} and wraps it; OS failures become IOExceptions. */
    static EndpointDatagramSocket open(Network network, int pdnId, PdnFamily family, TrafficListener traffic) throws IOException {
        try {
            return new EndpointDatagramSocket(network.openDatagram(pdnId, family), traffic);
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

    /** True if any datagram arrived from {@code peer}. */
    boolean answeredBy(InetSocketAddress peer) {
        return answeredBy.contains(peer);
    }

    @Override
    public void send(DatagramPacket packet) throws IOException {
        if (!traffic.mayPass()) {
            throw new IOException("transport sealed: datagram to " + packet.getSocketAddress() + " not sent");
        }
        byte[] data = java.util.Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
        try {
            endpoint.send(new Datagram((InetSocketAddress) packet.getSocketAddress(), data));
            traffic.sent();
        } catch (OsException e) {
            throw new IOException("datagram not sent: " + e.getMessage(), e);
        }
    }

    @Override
    public void receive(DatagramPacket packet) throws IOException {
        Optional<Datagram> datagram;
        try {
            datagram = endpoint.receive(Duration.ZERO);
        } catch (OsException e) {
            if (e.errno() == Errno.ECANCELED || closed) {
                throw new SocketException("socket closed");
            }
            throw new IOException(e.getMessage(), e);
        }
        if (datagram.isEmpty()) {
            throw new InterruptedIOException("no datagram");
        }
        byte[] data = datagram.get().data();
        int length = Math.min(data.length, packet.getData().length);
        System.arraycopy(data, 0, packet.getData(), 0, length);
        packet.setLength(length);
        packet.setSocketAddress(datagram.get().peer());
        answeredBy.add(datagram.get().peer());
        traffic.received();
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
        super.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
