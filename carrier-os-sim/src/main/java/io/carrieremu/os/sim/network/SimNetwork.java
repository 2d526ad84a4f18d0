package io.carrieremu.os.sim.network;

import io.carrieremu.core.Errno;
import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The simulated network's datagram transport ({@link Network}): real UDP sockets on 127.0.0.1, gated by
 * the modem's state — packets flow only while the modem is registered and the endpoint's PDN is active,
 * otherwise sending fails with {@code ENETDOWN} and arriving packets are dropped, as on a real modem.
 *
 * <p>Name resolution goes through a table that maps host names and ports (a carrier's live bootstrap
 * server, say) to local addresses, so unmodified factory settings reach in-process servers; literal IP
 * addresses pass through. Faults: packet loss (seeded, so runs repeat), extra delay, and blackholed
 * destinations.
 *
 * <p>While a sent datagram waits for an answer (up to {@link #replyWindow}), and shortly after one
 * arrives or an endpoint opens, the transport reports activity to the {@link VirtualClock}, so virtual time does not jump
 * over an exchange in flight. Datagrams are recorded in the transcript by peer and size only.
 */
public final class SimNetwork implements Network {

    private final SimModem modem;
    private final Transcript transcript;
    private final VirtualClock clock;
    private final Map<String, InetSocketAddress> hosts = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> blackholes = ConcurrentHashMap.newKeySet();
    private final Random random;
    private final ScheduledExecutorService delayer;
    private final BooleanSupplier probe = this::busy;
    private volatile double lossRate;
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration replyWindow = Duration.ofMillis(1500);
    // Long enough for a peer's processing between two requests of one exchange sequence.
    private volatile Duration settleTime = Duration.ofMillis(500);
    private volatile long awaitingReplySince;
    private volatile long lastReceive;
    private volatile boolean awaitingReply;

    public SimNetwork(SimModem modem, Transcript transcript, VirtualClock clock, long seed) {
        this.modem = modem;
        this.transcript = transcript;
        this.clock = clock;
        this.random = new Random(seed);
        this.delayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sim-network-delay");
            thread.setDaemon(true);
            return thread;
        });
        clock.addActivityProbe(probe);
    }

    /** Sends {@code host:port} to {@code target} (e.g. {@code boot.lwm2m.vzwdm.com:5684} to a local server). */
    public void mapHost(String host, int port, InetSocketAddress target) {
        hosts.put(key(host, port), target);
    }

    /** Removes a mapping. */
    public void unmapHost(String host, int port) {
        hosts.remove(key(host, port));
    }

    /** Datagrams to {@code destination} vanish without a trace (no error to the sender). */
    public void blackhole(InetSocketAddress destination) {
        blackholes.add(destination);
    }

    /** Lifts a blackhole. */
    public void restore(InetSocketAddress destination) {
        blackholes.remove(destination);
    }

    /** Drops this share (0..1) of datagrams in both directions. */
    public void lossRate(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("loss rate must be within 0..1");
        }
        this.lossRate = share;
    }

    /** Delays every outgoing datagram by this much wall time. */
    public void delay(Duration value) {
        this.delay = value;
    }

    /** How long a sent datagram counts as an exchange in flight without an answer (wall time). */
    public void replyWindow(Duration value) {
        this.replyWindow = value;
    }

    /**
     * How long after a datagram arrived the transport still counts as busy (wall time): room for a
     * peer's next request of the same sequence.
     */
    public void settleTime(Duration value) {
        this.settleTime = value;
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public InetSocketAddress resolve(String host, int port, PdnFamily family) throws OsException {
        InetSocketAddress mapped = hosts.get(key(host, port));
        if (mapped == null && isLiteral(host)) {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (IOException e) {
                throw new OsException(Errno.EHOSTUNREACH, "bad address literal " + host);
            }
        }
        if (!modem.isRegistered()) {
            throw new OsException(Errno.ENETDOWN, "no network to resolve " + host + " on");
        }
        if (mapped == null) {
            transcript.record(Transcript.Kind.DEVICE, "DNS: " + host + " does not resolve");
            throw new OsException(Errno.EHOSTUNREACH, host + " does not resolve");
        }
        transcript.record(Transcript.Kind.DEVICE, "DNS: " + host + ":" + port + " -> " + mapped.getAddress().getHostAddress() + ":" + mapped.getPort());
        return mapped;
    }

    private static boolean isLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    @Override
    public DatagramEndpoint openDatagram(int pdnId, PdnFamily family) throws OsException {
        int pdn = pdnId == DEFAULT_PDN ? 0 : pdnId;
        if (pdn < 0 || pdn > 255) {
            throw new OsException(Errno.EINVAL, "unknown PDN id " + pdnId);
        }
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            // A stack that opens an endpoint sends right after: count the gap as activity.
            lastReceive = System.nanoTime();
            return new Endpoint(socket, pdn);
        } catch (SocketException e) {
            throw new OsException(Errno.ENOMEM, "no socket: " + e.getMessage());
        }
    }

    /** Stops the transport's helper thread and its clock probe. */
    public void close() {
        clock.removeActivityProbe(probe);
        delayer.shutdownNow();
    }

    private boolean busy() {
        long now = System.nanoTime();
        if (awaitingReply && now - awaitingReplySince < replyWindow.toNanos()) {
            return true;
        }
        return now - lastReceive < settleTime.toNanos();
    }

    private boolean lose() {
        if (lossRate == 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < lossRate;
        }
    }

    /** A datagram endpoint on a real loopback socket, gated by the modem. */
    private final class Endpoint implements DatagramEndpoint {
        private final DatagramSocket socket;
        private final int pdnId;
        private volatile boolean closed;

        Endpoint(DatagramSocket socket, int pdnId) {
            this.socket = socket;
            this.pdnId = pdnId;
        }

        @Override
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
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
            awaitingReplySince = System.nanoTime();
            awaitingReply = true;
            modem.countTraffic(datagram.length(), 0);
            if (blackholes.contains(datagram.peer()) || lose()) {
                transcript.record(Transcript.Kind.DATAGRAM_DROPPED, describe(datagram)
                        + (blackholes.contains(datagram.peer()) ? " (blackholed)" : " (lost)"));
                return;
            }
            transcript.record(Transcript.Kind.DATAGRAM_OUT, describe(datagram));
            DatagramPacket packet = new DatagramPacket(datagram.data(), datagram.length(), datagram.peer());
            if (delay.isZero()) {
                transmit(packet);
            } else {
                delayer.schedule(() -> {
                    try {
                        transmit(packet);
                    } catch (OsException e) {
                        transcript.record(Transcript.Kind.DATAGRAM_DROPPED, describe(datagram) + " (" + e.getMessage() + ")");
                    }
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void transmit(DatagramPacket packet) throws OsException {
            try {
                socket.send(packet);
            } catch (IOException e) {
                throw new OsException(Errno.ENETUNREACH, "send failed: " + e.getMessage());
            }
        }

        @Override
        public Optional<Datagram> receive(Duration timeout) throws OsException {
            byte[] buffer = new byte[2048];
            long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            while (true) {
                if (closed) {
                    throw new OsException(Errno.ECANCELED, "endpoint closed");
                }
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    long left = deadline == Long.MAX_VALUE ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return Optional.empty();
                } catch (IOException e) {
                    if (closed) {
                        throw new OsException(Errno.ECANCELED, "endpoint closed");
                    }
                    throw new OsException(Errno.EIO, "receive failed: " + e.getMessage());
                }
                Datagram datagram = new Datagram((InetSocketAddress) packet.getSocketAddress(),
                        Arrays.copyOf(packet.getData(), packet.getLength()));
                if (!modem.isPdnActive(pdnId)) {
                    transcript.record(Transcript.Kind.DATAGRAM_DROPPED, describe(datagram) + " (arrived while PDN " + pdnId + " inactive)");
                    continue;
                }
                if (lose()) {
                    transcript.record(Transcript.Kind.DATAGRAM_DROPPED, describe(datagram) + " (lost)");
                    continue;
                }
                lastReceive = System.nanoTime();
                awaitingReply = false;
                modem.countTraffic(0, datagram.length());
                transcript.record(Transcript.Kind.DATAGRAM_IN, describe(datagram));
                return Optional.of(datagram);
            }
        }

        /** Peer by its mapped host name where there is one, so transcripts do not depend on ephemeral ports. */
        private String describe(Datagram datagram) {
            InetSocketAddress peer = datagram.peer();
            String name = hosts.entrySet().stream().filter(e -> e.getValue().equals(peer)).map(Map.Entry::getKey)
                    .sorted().findFirst().orElse(peer.getAddress().getHostAddress() + ":" + peer.getPort());
            return "PDN " + pdnId + " " + name + " " + datagram.length() + " bytes" + dtlsRecordType(datagram.data());
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

        @Override
        public void close() {
            closed = true;
            socket.close();
        }
    }
}
