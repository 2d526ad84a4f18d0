package io.carrieremu.os.jvm.network;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.DatagramReceiver;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.os.jvm.scheduler.DaemonThreads;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Network} on the host's own IP stack: {@link DatagramSocket}s and {@link InetAddress} name
 * resolution. Used when the modem's data path is an interface of the host (PPP, ECM/RNDIS, a router) or
 * for tests on loopback.
 *
 * <p>Endpoints bind to the wildcard address, to a configured local address, or to the first address of
 * a configured interface; a PDN id may be routed to its own local address ({@link Builder#route}), since
 * the host cannot bind to a modem-internal PDN. Each endpoint has its own daemon receive thread that
 * hands datagrams, in arrival order, to the endpoint's {@link DatagramReceiver}; nothing arrives after
 * {@link DatagramEndpoint#close()} returns.
 *
 * <p>Errors: an unresolvable name or no address of the asked family → {@code EHOSTUNREACH}; sending
 * with no route → {@code EHOSTUNREACH} or {@code ENETUNREACH} (as the host reports it), a closed endpoint
 * → {@code ECANCELED}, an oversized payload → {@code E2BIG}. A name may be mapped to another address
 * ({@link Builder#mapHost}), as the simulator sends carriers' live hosts to local servers.
 */
public final class HostNetwork implements Network {

    /** The largest datagram payload sent: an IPv6 minimum MTU less IPv6 and UDP headers. */
    public static final int MAX_PAYLOAD = 1280 - 40 - 8;

    private static final Logger LOG = LoggerFactory.getLogger(HostNetwork.class);

    private final InetAddress bindAddress;
    private final Map<Integer, InetAddress> routes;
    private final Map<String, InetSocketAddress> hosts;

    private HostNetwork(Builder builder) {
        this.bindAddress = builder.bindAddress;
        this.routes = Map.copyOf(builder.routes);
        this.hosts = Map.copyOf(builder.hosts);
    }

    /** Endpoints on the wildcard address, names resolved by the host. */
    public static HostNetwork create() {
        return builder().build();
    }

    /** A builder for bindings, routes and host mappings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link HostNetwork}. */
    public static final class Builder {
        private InetAddress bindAddress;
        private final Map<Integer, InetAddress> routes = new HashMap<>();
        private final Map<String, InetSocketAddress> hosts = new HashMap<>();

        private Builder() {
        }

        /** Binds every endpoint to {@code address} (default: the wildcard address). */
        public Builder bindTo(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Binds every endpoint to the first address of interface {@code name} (e.g. {@code wwan0},
         * {@code ppp0}), IPv4 preferred.
         *
         * @throws IllegalArgumentException if there is no such interface or it has no address
         */
        public Builder bindToInterface(String name) {
            try {
                NetworkInterface nif = NetworkInterface.getByName(name);
                if (nif == null) {
                    throw new IllegalArgumentException("no network interface " + name);
                }
                List<InetAddress> addresses = Collections.list(nif.getInetAddresses());
                Optional<InetAddress> chosen = addresses.stream().filter(a -> a instanceof Inet4Address).findFirst()
                        .or(() -> addresses.stream().findFirst());
                this.bindAddress = chosen.orElseThrow(() -> new IllegalArgumentException("interface " + name + " has no address"));
                return this;
            } catch (SocketException e) {
                throw new IllegalArgumentException("cannot read interface " + name + ": " + e.getMessage(), e);
            }
        }

        /** Endpoints opened on PDN {@code pdnId} bind to {@code local} instead. */
        public Builder route(int pdnId, InetAddress local) {
            routes.put(pdnId, Objects.requireNonNull(local, "local"));
            return this;
        }

        /** Resolves {@code host:port} to {@code target} instead of asking the host. */
        public Builder mapHost(String host, int port, InetSocketAddress target) {
            hosts.put(key(host, port), Objects.requireNonNull(target, "target"));
            return this;
        }

        /** The network. */
        public HostNetwork build() {
            return new HostNetwork(this);
        }
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /**
     * Resolves a name with the host's resolver (or a mapping).
     *
     * @throws OsException {@code EHOSTUNREACH} the name does not resolve or has no address of
     *     {@code family}
     */
    @Override
    public InetSocketAddress resolve(String host, int port, PdnFamily family) throws OsException {
        Objects.requireNonNull(host, "host");
        InetSocketAddress mapped = hosts.get(key(host, port));
        if (mapped != null) {
            return mapped;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new OsException(Errno.EHOSTUNREACH, "cannot resolve " + host);
        } catch (SecurityException e) {
            throw new OsException(Errno.EHOSTUNREACH, "not allowed to resolve " + host);
        }
        return Arrays.stream(addresses)
                .filter(address -> switch (family) {
                    case IPV4 -> address instanceof Inet4Address;
                    case IPV6 -> address instanceof Inet6Address;
                    default -> true;
                })
                .findFirst()
                .map(address -> new InetSocketAddress(address, port))
                .orElseThrow(() -> new OsException(Errno.EHOSTUNREACH, host + " has no " + family + " address"));
    }

    /**
     * Opens a UDP socket and starts its receive thread.
     *
     * @param pdnId {@link Network#DEFAULT_PDN} or a PDN id (0 or more): routed per {@link Builder#route}, else
     *     bound like the default
     * @throws OsException {@code EINVAL} a negative PDN id other than {@link Network#DEFAULT_PDN},
     *     {@code ENOMEM} no socket could be opened
     */
    @Override
    public DatagramEndpoint openDatagram(int pdnId, PdnFamily family, DatagramReceiver receiver) throws OsException {
        Objects.requireNonNull(receiver, "receiver");
        if (pdnId < 0 && pdnId != DEFAULT_PDN) {
            throw new OsException(Errno.EINVAL, "unknown PDN id " + pdnId);
        }
        InetAddress local = routes.getOrDefault(pdnId, bindAddress);
        DatagramSocket socket;
        try {
            socket = new DatagramSocket(local == null ? new InetSocketAddress(0) : new InetSocketAddress(local, 0));
        } catch (BindException e) {
            throw new OsException(Errno.EINVAL, "cannot bind to " + local + ": " + e.getMessage());
        } catch (SocketException e) {
            throw new OsException(Errno.ENOMEM, "no datagram socket: " + e.getMessage());
        }
        return new HostEndpoint(socket, receiver);
    }

    /** One UDP socket with its receive thread. */
    private static final class HostEndpoint implements DatagramEndpoint {
        private final DatagramSocket socket;
        private final DatagramReceiver receiver;
        private final Thread thread;
        private final InetSocketAddress local;
        private volatile boolean closed;

        HostEndpoint(DatagramSocket socket, DatagramReceiver receiver) {
            this.socket = socket;
            this.receiver = receiver;
            this.local = (InetSocketAddress) socket.getLocalSocketAddress();
            this.thread = DaemonThreads.thread("udp-receive " + local, this::receiveLoop);
            this.thread.start();
        }

        private void receiveLoop() {
            byte[] buffer = new byte[65_535];
            while (!closed) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (PortUnreachableException e) {
                    continue;
                } catch (IOException e) {
                    if (!closed) {
                        LOG.warn("receiving on {} failed: {}", local, e.getMessage());
                    }
                    return;
                }
                if (closed) {
                    return;
                }
                Datagram datagram = new Datagram((InetSocketAddress) packet.getSocketAddress(),
                        Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()));
                try {
                    receiver.received(datagram);
                } catch (RuntimeException e) {
                    LOG.error("datagram receiver on {} failed", local, e);
                }
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return local;
        }

        @Override
        public int maxPayloadSize() {
            return MAX_PAYLOAD;
        }

        @Override
        public void send(Datagram datagram) throws OsException {
            if (closed) {
                throw new OsException(Errno.ECANCELED, "endpoint " + local + " is closed");
            }
            if (datagram.length() > MAX_PAYLOAD) {
                throw new OsException(Errno.E2BIG, "datagram of " + datagram.length() + " bytes exceeds " + MAX_PAYLOAD);
            }
            if (datagram.peer().isUnresolved()) {
                throw new OsException(Errno.EHOSTUNREACH, "unresolved peer " + datagram.peer().getHostString());
            }
            byte[] data = datagram.data();
            try {
                socket.send(new DatagramPacket(data, data.length, datagram.peer()));
            } catch (NoRouteToHostException e) {
                throw new OsException(Errno.EHOSTUNREACH, "no route to " + datagram.peer());
            } catch (IOException e) {
                if (closed || socket.isClosed()) {
                    throw new OsException(Errno.ECANCELED, "endpoint " + local + " is closed");
                }
                String message = String.valueOf(e.getMessage());
                if (message.contains("Network is unreachable")) {
                    throw new OsException(Errno.ENETUNREACH, "network unreachable for " + datagram.peer());
                }
                if (message.contains("No route")) {
                    throw new OsException(Errno.EHOSTUNREACH, "no route to " + datagram.peer());
                }
                throw new OsException(Errno.ENETDOWN, "sending to " + datagram.peer() + " failed: " + message);
            }
        }

        /** Closes the socket and waits (bounded) for the receive thread to finish its current delivery. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            socket.close();
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String toString() {
            return "HostEndpoint[" + local + "]";
        }
    }
}
