package io.carrieremu.os.sim.download;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.DownloadClient;
import io.carrieremu.core.os.DownloadConfig;
import io.carrieremu.core.os.DownloadEvent;
import io.carrieremu.core.os.DownloadListener;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.jvm.download.DownloadCredentials;
import io.carrieremu.os.jvm.download.DownloadOptions;
import io.carrieremu.os.jvm.download.JvmDownloadClient;
import io.carrieremu.os.jvm.network.HostNetwork;
import io.carrieremu.os.sim.clock.Inlet;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.network.SimNetwork;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;

/**
 * The simulated device's download client: the JVM backend's real {@link JvmDownloadClient} (HTTP(S)
 * with {@code java.net.http} range requests, CoAP(S) block2 with Californium) talking to real servers
 * on real sockets, with its events brought into the simulated world through an {@link Inlet}.
 *
 * <p>The bridge: the real client delivers its events on its own download thread; each one is handed to
 * the world through the inlet and the listener runs there, as a world task. A fragment's verdict is the
 * world's answer, so the download thread waits for it (the real download advances only as fast as the
 * device takes the bytes); while the download thread works, the world does not let virtual time pass
 * but waits for the event it owes, and takes events only at idle points. A run therefore gives the same
 * events at the same virtual instants however fast the real sockets are. A download of a server for which
 * the network has a rate ({@link SimNetwork#limitDownloads}) takes virtual time per byte.
 *
 * <p>The modem's part: a download starts only while the modem is registered (else {@code Failed(ENETDOWN)},
 * {@code Closed}); TLS and DTLS trust come from the modem's credential store — CA certificates
 * ({@code %CMNG} type 0) and PSKs of the download's sec tags, as the modem's own TLS would use them. The
 * PDN id of the configuration is not used: the repository is a real server on loopback.
 *
 * <p>One download at a time; {@link #close()} (the device reboots) cancels it and drops its events.
 */
public final class SimDownloadClient implements DownloadClient, AutoCloseable {

    /**
     * The client options of the simulated device: the nRF defaults with real-time timing suited to a
     * loopback repository (a silent server is given up after a few seconds of wall time, not 30).
     */
    public static final DownloadOptions OPTIONS = DownloadOptions.DEFAULTS.withTiming(Duration.ofSeconds(5),
            Duration.ofSeconds(5), new io.carrieremu.core.transport.TransportTiming(Duration.ofMillis(500), 3,
                    Duration.ofSeconds(10), Duration.ofMillis(500), 3));

    private final VirtualClock clock;
    private final SimModem modem;
    private final SimNetwork network;
    private final Transcript transcript;
    private final DownloadOptions options;
    private final JvmDownloadClient client;
    private volatile Trust trust = Trust.NONE;
    private Inlet inlet;
    private long fileSize = -1;

    /**
     * @param modem whose registration gates downloads and whose credential store holds their trust
     * @param network the world's network, for download rates
     */
    public SimDownloadClient(VirtualClock clock, SimModem modem, SimNetwork network, Transcript transcript,
            DownloadOptions options) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.modem = Objects.requireNonNull(modem, "modem");
        this.network = Objects.requireNonNull(network, "network");
        this.transcript = Objects.requireNonNull(transcript, "transcript");
        this.options = Objects.requireNonNull(options, "options");
        this.client = new JvmDownloadClient(new DownloadCredentials() {
            @Override
            public List<X509Certificate> trustedCertificates(List<Integer> secTags) {
                return trust.certificates();
            }

            @Override
            public Optional<PskCredential> psk(List<Integer> secTags) {
                return trust.psk();
            }
        }, HostNetwork.create(), options);
    }

    /** What the download's sec tags held when it started (read in the world, used on the download thread). */
    private record Trust(List<X509Certificate> certificates, Optional<DownloadCredentials.PskCredential> psk) {
        static final Trust NONE = new Trust(List.of(), Optional.empty());
    }

    /**
     * Starts a download; its events reach {@code listener} as tasks of the world.
     *
     * @throws OsException {@code EINVAL}, {@code ENOTSUP}, {@code E2BIG} as the real client checks the URI;
     *     {@code EBUSY} a download is running; no event follows these
     */
    @Override
    public void start(String uri, DownloadConfig config, long offset, DownloadListener listener) throws OsException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        URI parsed = JvmDownloadClient.check(uri, offset, options);
        Inlet opened;
        synchronized (this) {
            if (inlet != null && !inlet.isDone()) {
                throw new OsException(Errno.EBUSY, "a download is running");
            }
            fileSize = -1;
            opened = clock.openInlet("download " + parsed.getHost() + ":" + parsed.getPort());
            inlet = opened;
        }
        transcript.record(Transcript.Kind.DEVICE, "download " + uri + " from byte " + offset);
        if (!modem.isRegistered()) {
            transcript.record(Transcript.Kind.DEVICE, "download refused: the modem is not registered");
            opened.send(0, false, () -> listener.onEvent(new DownloadEvent.Failed(Errno.ENETDOWN)));
            opened.send(0, true, () -> listener.onEvent(new DownloadEvent.Closed()));
            return;
        }
        trust = trustOf(config.secTags());
        server(parsed).ifPresent(address -> opened.pace(network.downloadRate(address)));
        long[] received = {0};
        try {
            client.start(uri, config, offset, event -> deliver(opened, event, listener, received));
        } catch (OsException e) {
            opened.close();
            throw e;
        }
    }

    /** On the download thread: hands one event to the world; a fragment waits for the world's verdict. */
    private boolean deliver(Inlet to, DownloadEvent event, DownloadListener listener, long[] received) {
        long size = client.fileSize().orElse(-1);
        try {
            if (event instanceof DownloadEvent.Fragment fragment) {
                int length = fragment.data().length;
                return to.call(length, () -> {
                    received[0] += length;
                    noteFileSize(size);
                    return listener.onEvent(event);
                }).orElse(false);
            }
            boolean last = event instanceof DownloadEvent.Closed;
            to.send(0, last, () -> {
                noteFileSize(size);
                if (!(event instanceof DownloadEvent.Closed)) {
                    transcript.record(Transcript.Kind.DEVICE, "download " + describe(event) + " after " + received[0] + " bytes");
                }
                listener.onEvent(event);
            });
            return true;
        } catch (RejectedExecutionException e) {
            // The device went away (reboot, power cut): the download's remaining events are dropped.
            return false;
        }
    }

    private static String describe(DownloadEvent event) {
        return event instanceof DownloadEvent.Failed failed ? "failed (" + failed.error() + ")" : "done";
    }

    private synchronized void noteFileSize(long size) {
        if (size >= 0) {
            fileSize = size;
        }
    }

    /** The trust of {@code secTags} in the modem's store: CA certificates (PEM) and the first PSK with identity. */
    private Trust trustOf(List<Integer> secTags) {
        List<X509Certificate> certificates = new ArrayList<>();
        Optional<DownloadCredentials.PskCredential> psk = Optional.empty();
        for (int tag : secTags) {
            Optional<String> pem = modem.credential(tag, CredentialType.ROOT_CA_CERT.code());
            if (pem.isPresent()) {
                try {
                    certificates.addAll(DownloadCredentials.parsePem(pem.get()));
                } catch (IOException e) {
                    transcript.record(Transcript.Kind.DEVICE, "sec tag " + tag + " holds no usable CA certificate");
                }
            }
            Optional<String> key = modem.credential(tag, CredentialType.PSK.code());
            Optional<String> identity = modem.credential(tag, CredentialType.PSK_IDENTITY.code());
            if (psk.isEmpty() && key.isPresent() && identity.isPresent()) {
                psk = Optional.of(new DownloadCredentials.PskCredential(identity.get(), Psk.ofHex(key.get())));
            }
        }
        return new Trust(List.copyOf(certificates), psk);
    }

    /** The server's literal address and port, for its download rate; empty for host names. */
    private static Optional<InetSocketAddress> server(URI uri) {
        String host = uri.getHost().replace("[", "").replace("]", "");
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return Optional.empty();
        }
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORTS.getOrDefault(uri.getScheme().toLowerCase(java.util.Locale.ROOT), 0);
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443, "coap", 5683, "coaps", 5684);

    /** Cancels the running download; {@code Closed} follows in the world. */
    @Override
    public void disconnect() {
        client.disconnect();
    }

    /** The file size the server announced, as of the last event the world has seen. */
    @Override
    public synchronized OptionalLong fileSize() {
        return fileSize < 0 ? OptionalLong.empty() : OptionalLong.of(fileSize);
    }

    /** Cancels any download, drops its events, stops the real client's threads. */
    @Override
    public void close() {
        Inlet open;
        synchronized (this) {
            open = inlet;
        }
        if (open != null) {
            open.close();
        }
        client.close();
    }
}
