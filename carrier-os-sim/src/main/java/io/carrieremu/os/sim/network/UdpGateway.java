package io.carrieremu.os.sim.network;

import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.OsException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts servers of the simulated network within reach of real UDP clients: each exposed address of the
 * simulated network gets a real socket on 127.0.0.1, and each real client a host of its own in the
 * simulated network, so the servers see one peer per client, as on a real network. For a device on the
 * JVM backend (real sockets, real time) talking to the simulated carrier.
 *
 * <p>Datagrams from real clients enter the world on its executor; the world's answers leave through the
 * real socket from the world's thread. The world must advance in real time meanwhile (a real client
 * keeps real-time timers): drive its clock at wall-clock pace while the gateway is in use.
 */
public final class UdpGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpGateway.class);
    private static final int MAX_DATAGRAM = 2048;

    private final SimNetwork network;
    private final Executor world;
    private final List<Exposed> exposed = new CopyOnWriteArrayList<>();

    private UdpGateway(SimNetwork network) {
        this.network = network;
        this.world = network.clock().executor("udp gateway");
    }

    /** A gateway into {@code network}'s world. */
    public static UdpGateway into(SimNetwork network) {
        return new UdpGateway(Objects.requireNonNull(network, "network"));
    }

    /**
     * Exposes {@code target} of the simulated network on a real socket.
     *
     * @return the real address (127.0.0.1 and an ephemeral port) clients send to
     * @throws IOException if no socket can be bound
     */
    public InetSocketAddress expose(InetSocketAddress target) throws IOException {
        Exposed entry = new Exposed(target, new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        exposed.add(entry);
        entry.start();
        return (InetSocketAddress) entry.socket.getLocalSocketAddress();
    }

    /**
     * Exposes every host name mapped in the simulated network so far.
     *
     * @return {@code host:port} to the real address to map it to on the client's side
     * @throws IOException if a socket cannot be bound
     */
    public Map<String, InetSocketAddress> exposeMappedHosts() throws IOException {
        Map<String, InetSocketAddress> real = new java.util.TreeMap<>();
        for (Map.Entry<String, InetSocketAddress> mapping : network.mappings().entrySet()) {
            real.put(mapping.getKey(), expose(mapping.getValue()));
        }
        return real;
    }

    @Override
    public void close() {
        exposed.forEach(Exposed::close);
        exposed.clear();
    }

    /** One exposed address: its real socket and, per real client, the client's endpoint inside the world. */
    private final class Exposed {
        final InetSocketAddress target;
        final DatagramSocket socket;
        final Map<SocketAddress, DatagramEndpoint> clients = new ConcurrentHashMap<>();
        final Thread receiver;

        Exposed(InetSocketAddress target, DatagramSocket socket) {
            this.target = target;
            this.socket = socket;
            this.receiver = new Thread(this::receive, "udp gateway " + socket.getLocalPort() + " -> " + target);
            this.receiver.setDaemon(true);
        }

        void start() {
            receiver.start();
        }

        private void receive() {
            byte[] buffer = new byte[MAX_DATAGRAM];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketException e) {
                    return;
                } catch (IOException e) {
                    LOG.warn("gateway receive failed: {}", e.getMessage());
                    continue;
                }
                SocketAddress client = packet.getSocketAddress();
                byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
                world.execute(() -> forward(client, data));
            }
        }

        private void forward(SocketAddress client, byte[] data) {
            try {
                DatagramEndpoint endpoint = clients.get(client);
                if (endpoint == null) {
                    endpoint = network.newHost("gateway client " + client).openDatagram(0, null, datagram -> answer(client,
                            datagram.data()));
                    clients.put(client, endpoint);
                }
                endpoint.send(new Datagram(target, data));
            } catch (OsException e) {
                LOG.debug("gateway could not forward to {}: {}", target, e.getMessage());
            }
        }

        private void answer(SocketAddress client, byte[] data) {
            try {
                socket.send(new DatagramPacket(data, data.length, client));
            } catch (IOException e) {
                LOG.debug("gateway could not answer {}: {}", client, e.getMessage());
            }
        }

        void close() {
            socket.close();
            clients.values().forEach(DatagramEndpoint::close);
        }
    }
}
