package io.carrieremu.os.sim.network;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.DatagramReceiver;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.transcript.Transcript;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * The simulated world's network: datagrams travel in memory between the devices' endpoints and the
 * hosts of the simulated carrier, as timeline events of the {@link VirtualClock} — nothing touches a
 * real socket, and a datagram's delay is virtual time. Every address is handed out by the network
 * itself (devices {@code 10.0.x.y}, hosts {@code 192.0.2.x}, ports counted up), so a run repeats
 * exactly.
 *
 * <p>A device reaches the network through its modem ({@link #attach}): packets flow only while the
 * modem is registered and the endpoint's PDN is active, otherwise sending fails with
 * {@code ENETDOWN} and arriving packets are dropped, as on a real modem. Name resolution goes through
 * a table that maps host names and ports (a carrier's live bootstrap server, say) to hosts of the
 * world, so unmodified factory settings reach the simulated carrier; literal addresses pass through.
 * Faults: packet loss (seeded), extra delay, and blackholed destinations. Datagrams are recorded in
 * the sending or receiving device's transcript by peer and size only.
 */
public final class SimNetwork {

    private static final int FIRST_PORT = 49152;

    private final VirtualClock clock;
    private final Random random;
    private final Object lock = new Object();
    private final Map<String, InetSocketAddress> hosts = new HashMap<>();
    private final Set<InetSocketAddress> blackholes = new HashSet<>();
    private final Map<InetSocketAddress, Long> downloadRates = new HashMap<>();
    private final java.util.List<ScriptedLoss> scriptedLosses = new java.util.ArrayList<>();

    /** A scripted loss: the next {@code count} datagrams to {@code destination} that {@code which} accepts. */
    private static final class ScriptedLoss {
        final InetSocketAddress destination;
        final java.util.function.Predicate<byte[]> which;
        int count;

        ScriptedLoss(InetSocketAddress destination, java.util.function.Predicate<byte[]> which, int count) {
            this.destination = destination;
            this.which = which;
            this.count = count;
        }
    }
    private final Map<InetSocketAddress, Port> ports = new HashMap<>();
    private final Map<InetAddress, Integer> nextPort = new HashMap<>();
    private double lossRate;
    private Duration delay = Duration.ZERO;
    private int devices;
    private int hostsMade;

    /**
     * A network of the world of {@code clock}.
     *
     * @param seed seed of the packet loss, so runs repeat
     */
    public SimNetwork(VirtualClock clock, long seed) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = new Random(seed);
    }

    /** The clock of the world this network belongs to. */
    public VirtualClock clock() {
        return clock;
    }

    /** Sends {@code host:port} to {@code target} (e.g. {@code boot.lwm2m.vzwdm.com:5684} to a carrier host). */
    public void mapHost(String host, int port, InetSocketAddress target) {
        synchronized (lock) {
            hosts.put(key(host, port), target);
        }
    }

    /** Datagram endpoints open now, of devices and hosts together (a leak shows as growth). */
    public int openEndpoints() {
        synchronized (lock) {
            return ports.size();
        }
    }

    /** The host names mapped so far, as {@code host:port} to the address they resolve to. */
    public Map<String, InetSocketAddress> mappings() {
        synchronized (lock) {
            return Map.copyOf(hosts);
        }
    }

    /** Removes a mapping. */
    public void unmapHost(String host, int port) {
        synchronized (lock) {
            hosts.remove(key(host, port));
        }
    }

    /** Datagrams to {@code destination} vanish without a trace (no error to the sender). */
    public void blackhole(InetSocketAddress destination) {
        synchronized (lock) {
            blackholes.add(destination);
        }
    }

    /** Lifts a blackhole. */
    public void restore(InetSocketAddress destination) {
        synchronized (lock) {
            blackholes.remove(destination);
        }
    }

    /** The next {@code count} datagrams sent to {@code destination} are lost (a scripted loss). */
    public void dropNext(InetSocketAddress destination, int count) {
        dropNext(destination, data -> true, count);
    }

    /**
     * The next {@code count} datagrams sent to {@code destination} whose payload {@code which} accepts are
     * lost — e.g. the first DTLS application_data record (a Register) but not the handshake before it.
     */
    public void dropNext(InetSocketAddress destination, java.util.function.Predicate<byte[]> which, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        synchronized (lock) {
            scriptedLosses.add(new ScriptedLoss(Objects.requireNonNull(destination, "destination"),
                    Objects.requireNonNull(which, "which"), count));
        }
    }

    /** Drops this share (0..1) of datagrams in both directions. */
    public void lossRate(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("loss rate must be within 0..1");
        }
        synchronized (lock) {
            this.lossRate = share;
        }
    }

    /**
     * Downloads from the real server at {@code server} (a firmware repository on loopback) take virtual
     * time: {@code bytesPerSecond} of it per byte (0: none, the default) — what a slow server or path
     * looks like to the device. The bytes themselves travel on real sockets at full speed.
     */
    public void limitDownloads(InetSocketAddress server, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative rate " + bytesPerSecond);
        }
        synchronized (lock) {
            if (bytesPerSecond == 0) {
                downloadRates.remove(server);
            } else {
                downloadRates.put(server, bytesPerSecond);
            }
        }
    }

    /** The virtual rate of downloads from {@code server} (bytes per virtual second), 0 if unlimited. */
    public long downloadRate(InetSocketAddress server) {
        synchronized (lock) {
            return downloadRates.getOrDefault(server, 0L);
        }
    }

    /** Delays every datagram by this much virtual time. */
    public void delay(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("negative delay " + value);
        }
        synchronized (lock) {
            this.delay = value;
        }
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** A new host of the world (a server of the simulated carrier, a firmware repository). */
    public Host newHost(String name) {
        synchronized (lock) {
            hostsMade++;
            return new Host(address(192, 0, 2, hostsMade), name);
        }
    }

    /**
     * Connects a device to the network through its modem: the {@link Network} its OS layer offers the
     * core. Each device gets its own address.
     */
    public Network attach(SimModem modem, Transcript transcript) {
        synchronized (lock) {
            devices++;
            return new DeviceLink(address(10, 0, devices / 250, 1 + devices % 250), modem, transcript);
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private InetSocketAddress bindLocked(InetAddress address, int port, Port owner) throws OsException {
        int chosen = port;
        if (chosen == 0) {
            chosen = nextPort.getOrDefault(address, FIRST_PORT);
            nextPort.put(address, chosen + 1);
        }
        InetSocketAddress local = new InetSocketAddress(address, chosen);
        if (ports.containsKey(local)) {
            throw new OsException(Errno.EBUSY, local + " is in use");
        }
        ports.put(local, owner);
        return local;
    }

    /** The host name a peer is known by in the name table, else its address, so transcripts do not depend on ports. */
    private String describeLocked(InetSocketAddress peer) {
        return hosts.entrySet().stream().filter(e -> e.getValue().equals(peer)).map(Map.Entry::getKey).sorted().findFirst()
                .orElse(peer.getAddress().getHostAddress() + ":" + peer.getPort());
    }

    private boolean loseLocked() {
        return lossRate > 0 && random.nextDouble() < lossRate;
    }

    /**
     * Hands a datagram to the network; it arrives after the network's delay, if nothing drops it.
     *
     * @return null if it was sent, else why it was dropped
     */
    private String transmit(InetSocketAddress from, Datagram datagram, boolean mayLose) {
        InetSocketAddress to = datagram.peer();
        Duration after;
        synchronized (lock) {
            if (blackholes.contains(to)) {
                return "blackholed";
            }
            byte[] payload = datagram.data();
            for (java.util.Iterator<ScriptedLoss> it = scriptedLosses.iterator(); it.hasNext();) {
                ScriptedLoss loss = it.next();
                if (loss.destination.equals(to) && loss.which.test(payload)) {
                    if (--loss.count == 0) {
                        it.remove();
                    }
                    return "lost";
                }
            }
            if (mayLose && loseLocked()) {
                return "lost";
            }
            after = delay;
        }
        Datagram arriving = new Datagram(from, datagram.data());
        clock.schedule(after, "datagram", () -> {
            Port port;
            synchronized (lock) {
                port = ports.get(to);
            }
            if (port != null) {
                port.arrive(arriving);
            }
        });
        return null;
    }

    /** Something bound to an address of the network. */
    private interface Port {
        void arrive(Datagram datagram);
    }

    /** A host of the world: binds endpoints on its own address, never gated. */
    public final class Host implements Network {
        private final InetAddress address;
        private final String name;

        private Host(InetAddress address, String name) {
            this.address = address;
            this.name = name;
        }

        /** The host's address. */
        public InetAddress address() {
            return address;
        }

        /** The host's name, for diagnostics. */
        public String name() {
            return name;
        }

        @Override
        public InetSocketAddress resolve(String host, int port, PdnFamily family) throws OsException {
            return SimNetwork.this.resolveLiteralOrMapped(host, port, null);
        }

        @Override
        public DatagramEndpoint openDatagram(int pdnId, PdnFamily family, DatagramReceiver receiver) throws OsException {
            return bind(0, receiver);
        }

        /** Opens an endpoint on {@code port} (0: the next free one). */
        public DatagramEndpoint bind(int port, DatagramReceiver receiver) throws OsException {
            Objects.requireNonNull(receiver, "receiver");
            HostEndpoint endpoint = new HostEndpoint(receiver);
            synchronized (lock) {
                endpoint.local = bindLocked(address, port, endpoint);
            }
            return endpoint;
        }

        @Override
        public String toString() {
            return "Host[" + name + " " + address.getHostAddress() + "]";
        }
    }

    private InetSocketAddress resolveLiteralOrMapped(String host, int port, Transcript transcript) throws OsException {
        InetSocketAddress mapped;
        synchronized (lock) {
            mapped = hosts.get(key(host, port));
        }
        if (mapped != null) {
            if (transcript != null) {
                transcript.record(Transcript.Kind.DEVICE,
                        "DNS: " + host + ":" + port + " -> " + mapped.getAddress().getHostAddress() + ":" + mapped.getPort());
            }
            return mapped;
        }
        if (isLiteral(host)) {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new OsException(Errno.EHOSTUNREACH, "bad address literal " + host);
            }
        }
        if (transcript != null) {
            transcript.record(Transcript.Kind.DEVICE, "DNS: " + host + " does not resolve");
        }
        throw new OsException(Errno.EHOSTUNREACH, host + " does not resolve");
    }

    private static boolean isLiteral(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.matches("[0-9a-fA-F:]+") && host.contains(":");
    }

    /** An endpoint of a host. */
    private final class HostEndpoint implements DatagramEndpoint, Port {
        private final DatagramReceiver receiver;
        private InetSocketAddress local;
        private volatile boolean closed;

        HostEndpoint(DatagramReceiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public InetSocketAddress localAddress() {
            return local;
        }

        @Override
        public int maxPayloadSize() {
            return 1280;
        }

        @Override
        public void send(Datagram datagram) throws OsException {
            if (closed) {
                throw new OsException(Errno.ECANCELED, "endpoint closed");
            }
            if (datagram.length() > maxPayloadSize()) {
                throw new OsException(Errno.E2BIG, "datagram of " + datagram.length() + " bytes");
            }
            // Loss on the way to a device is applied where it arrives.
            transmit(local, datagram, false);
        }

        @Override
        public void arrive(Datagram datagram) {
            if (!closed) {
                receiver.received(datagram);
            }
        }

        @Override
        public void close() {
            closed = true;
            synchronized (lock) {
                ports.remove(local, this);
            }
        }
    }

    /** A device's way into the network: through its modem, which gates every packet. */
    private final class DeviceLink implements Network {
        private final InetAddress address;
        private final SimModem modem;
        private final Transcript transcript;

        DeviceLink(InetAddress address, SimModem modem, Transcript transcript) {
            this.address = address;
            this.modem = modem;
            this.transcript = transcript;
        }

        @Override
        public InetSocketAddress resolve(String host, int port, PdnFamily family) throws OsException {
            boolean literal = isLiteral(host);
            if (!literal && !modem.isRegistered()) {
                throw new OsException(Errno.ENETDOWN, "no network to resolve " + host + " on");
            }
            return resolveLiteralOrMapped(host, port, literal ? null : transcript);
        }

        @Override
        public DatagramEndpoint openDatagram(int pdnId, PdnFamily family, DatagramReceiver receiver) throws OsException {
            Objects.requireNonNull(receiver, "receiver");
            int pdn = pdnId == DEFAULT_PDN ? 0 : pdnId;
            if (pdn < 0 || pdn > 255) {
                throw new OsException(Errno.EINVAL, "unknown PDN id " + pdnId);
            }
            DeviceEndpoint endpoint = new DeviceEndpoint(pdn, receiver);
            synchronized (lock) {
                endpoint.local = bindLocked(address, 0, endpoint);
            }
            return endpoint;
        }

        /** A device endpoint, gated by the modem. */
        private final class DeviceEndpoint implements DatagramEndpoint, Port {
            private final int pdnId;
            private final DatagramReceiver receiver;
            private InetSocketAddress local;
            private volatile boolean closed;

            DeviceEndpoint(int pdnId, DatagramReceiver receiver) {
                this.pdnId = pdnId;
                this.receiver = receiver;
            }

            @Override
            public InetSocketAddress localAddress() {
                return local;
            }

            @Override
            public int maxPayloadSize() {
                return 1280;
            }

            @Override
            public void send(Datagram datagram) throws OsException {
                if (closed) {
                    throw new OsException(Errno.ECANCELED, "endpoint closed");
                }
                if (datagram.length() > maxPayloadSize()) {
                    throw new OsException(Errno.E2BIG, "datagram of " + datagram.length() + " bytes");
                }
                if (!modem.isPdnActive(pdnId)) {
                    transcript.record(Transcript.Kind.DATAGRAM_DROPPED, describe(datagram) + " (PDN " + pdnId + " not active)");
                    throw new OsException(Errno.ENETDOWN, "PDN " + pdnId + " is not active");
                }
                modem.countTraffic(datagram.length(), 0);
                String dropped = transmit(local, datagram, true);
                if (dropped != null) {
                    transcript.record(Transcript.Kind.DATAGRAM_DROPPED, describe(datagram) + " (" + dropped + ")");
                } else {
                    transcript.record(Transcript.Kind.DATAGRAM_OUT, describe(datagram));
                }
            }

            @Override
            public void arrive(Datagram datagram) {
                if (closed) {
                    return;
                }
                if (!modem.isPdnActive(pdnId)) {
                    transcript.record(Transcript.Kind.DATAGRAM_DROPPED, describe(datagram) + " (arrived while PDN " + pdnId + " inactive)");
                    return;
                }
                boolean lost;
                synchronized (lock) {
                    lost = loseLocked();
                }
                if (lost) {
                    transcript.record(Transcript.Kind.DATAGRAM_DROPPED, describe(datagram) + " (lost)");
                    return;
                }
                modem.countTraffic(0, datagram.length());
                transcript.record(Transcript.Kind.DATAGRAM_IN, describe(datagram));
                receiver.received(datagram);
            }

            private String describe(Datagram datagram) {
                String name;
                synchronized (lock) {
                    name = describeLocked(datagram.peer());
                }
                return "PDN " + pdnId + " " + name + " " + datagram.length() + " bytes" + dtlsRecordType(datagram.data());
            }

            @Override
            public void close() {
                closed = true;
                synchronized (lock) {
                    ports.remove(local, this);
                }
            }
        }
    }

    /** " DTLS <type>" for a datagram that starts with a DTLS 1.2 record header, else "". */
    private static String dtlsRecordType(byte[] data) {
        if (data.length < 13 || (data[1] & 0xFF) != 0xFE || (data[2] & 0xFF) != 0xFD) {
            return "";
        }
        return switch (data[0]) {
            case 20 -> " DTLS change_cipher_spec";
            case 21 -> " DTLS alert";
            case 22 -> " DTLS handshake";
            case 23 -> " DTLS application_data";
            case 25 -> " DTLS tls12_cid";
            default -> "";
        };
    }
}
