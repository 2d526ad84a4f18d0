package io.carrieremu.os.jvm;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Sms;
import io.carrieremu.core.os.Subscription;
import io.carrieremu.core.os.Uicc;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.core.uicc.UiccBootstrapReader;
import io.carrieremu.os.jvm.at.AtChannelOptions;
import io.carrieremu.os.jvm.at.AtCredentials;
import io.carrieremu.os.jvm.at.AtLteModes;
import io.carrieremu.os.jvm.at.AtPdn;
import io.carrieremu.os.jvm.at.AtTransport;
import io.carrieremu.os.jvm.at.ModemAtChannel;
import io.carrieremu.os.jvm.at.SerialAtTransport;
import io.carrieremu.os.jvm.at.SerialSettings;
import io.carrieremu.os.jvm.at.TcpAtTransport;
import io.carrieremu.os.jvm.clock.StackClock;
import io.carrieremu.os.jvm.credential.CredentialStore;
import io.carrieremu.os.jvm.dfu.FileDfuTarget;
import io.carrieremu.os.jvm.dfu.UpdateInstaller;
import io.carrieremu.os.jvm.download.DownloadCredentials;
import io.carrieremu.os.jvm.download.DownloadOptions;
import io.carrieremu.os.jvm.download.JvmDownloadClient;
import io.carrieremu.os.jvm.network.HostNetwork;
import io.carrieremu.os.jvm.nvs.FileStorage;
import io.carrieremu.os.jvm.scheduler.JvmScheduler;
import io.carrieremu.os.jvm.system.JvmSystemControl;
import io.carrieremu.os.jvm.system.RebootAction;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LwM2mOs} of a real gateway: real time, files in a state directory, a modem on a serial port
 * or a TCP AT channel, the host's network, HTTP(S)/CoAP(S) downloads.
 *
 * <table>
 *   <caption>What each group is</caption>
 *   <tr><td>scheduler</td><td>{@link JvmScheduler}: two work queues, 16 timers, real-time stack executor</td></tr>
 *   <tr><td>storage</td><td>{@link FileStorage} in {@code <state>/nvs}</td></tr>
 *   <tr><td>at</td><td>{@link ModemAtChannel} over TCP or a serial port (or the embedder's own channel)</td></tr>
 *   <tr><td>pdn, lteModes</td><td>{@link AtPdn}, {@link AtLteModes} through AT</td></tr>
 *   <tr><td>credentials</td><td>{@link AtCredentials}: {@code %CMNG} on the modem, mirrored in
 *       {@link CredentialStore} {@code <state>/credentials} (owner-only) for the JVM's DTLS/TLS</td></tr>
 *   <tr><td>network</td><td>{@link HostNetwork} unless another {@link Network} is given</td></tr>
 *   <tr><td>downloadClient</td><td>{@link JvmDownloadClient}, trust from the credential store</td></tr>
 *   <tr><td>dfu</td><td>{@link FileDfuTarget} in {@code <state>/dfu}</td></tr>
 *   <tr><td>uicc</td><td>the core's {@code AT+CSIM} reader</td></tr>
 *   <tr><td>system</td><td>{@link JvmSystemControl}: the embedder's {@link RebootAction}</td></tr>
 * </table>
 *
 * <p>The minimal embedding, with a modem served on TCP port 5000 (a serial modem:
 * {@code .modemSerial(SerialSettings.nrf91Default("/dev/ttyACM0"))}):
 *
 * <pre>{@code
 * JvmOs.Builder os = JvmOs.builder()
 *         .stateDirectory(Path.of("/var/lib/carrier"))
 *         .modemTcp("127.0.0.1", 5000);
 * // Restarts the carrier instance (a new JvmOs and LwM2mCarrier) whenever the library asks for a reboot:
 * JvmCarrierRunner runner = JvmCarrierRunner.start(os,
 *         lwm2mOs -> LwM2mCarrier.create(lwm2mOs, CarrierConfig.defaults(), myEventHandler));
 * ...
 * runner.close();
 * }</pre>
 *
 * <p>Without the runner, build the OS and the library yourself and say what a reboot does:
 * {@code JvmOs.builder()...rebootAction(() -> restartMyService()).build()}. For real-time runs against
 * local servers (tests), build the library with {@code .transportTiming(os.transportTiming())} after
 * {@link Builder#transportTiming(TransportTiming) transportTiming(TransportTiming.COMPRESSED)}.
 *
 * <p>{@link #close()} stops everything this instance started; every accessor returns the same object
 * for the instance's life.
 */
public final class JvmOs implements LwM2mOs, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JvmOs.class);

    private final JvmScheduler scheduler;
    private final FileStorage storage;
    private final AtChannel at;
    private final boolean ownsAt;
    private final AtPdn pdn;
    private final AtLteModes lteModes;
    private final Network network;
    private final CredentialStore credentialStore;
    private final AtCredentials credentials;
    private final JvmDownloadClient downloads;
    private final FileDfuTarget dfu;
    private final Uicc uicc;
    private final JvmSystemControl system;
    private final Sms sms;
    private final TransportTiming timing;
    private final List<Subscription> subscriptions = new ArrayList<>();

    private JvmOs(Builder b) throws IOException {
        StackClock.install();
        Path state = b.stateDirectory;
        this.timing = b.timing;
        this.storage = FileStorage.open(state.resolve("nvs"));
        this.credentialStore = CredentialStore.open(state.resolve("credentials"));
        this.dfu = FileDfuTarget.open(state.resolve("dfu"), b.applicationCapacity, b.modemCapacity, b.installer);
        this.scheduler = new JvmScheduler(b.name, b.random == null ? new SecureRandom() : b.random, b.stackThreads);
        if (b.channel != null) {
            this.at = b.channel;
            this.ownsAt = false;
        } else {
            this.at = ModemAtChannel.open(b.transport, b.atOptions);
            this.ownsAt = true;
        }
        this.pdn = new AtPdn(at, scheduler);
        if (at instanceof ModemAtChannel modem) {
            subscriptions.add(modem.onConnected(pdn::modemRestarted));
        }
        this.lteModes = new AtLteModes(at);
        this.network = b.network == null ? HostNetwork.create() : b.network;
        this.credentials = new AtCredentials(at, credentialStore);
        DownloadOptions downloadOptions = b.downloadOptions.withTiming(b.downloadOptions.connectTimeout(),
                b.downloadOptions.readTimeout(), timing);
        this.downloads = new JvmDownloadClient(DownloadCredentials.from(credentialStore), network, downloadOptions, b.downloadEvents);
        boolean smartcard = b.smartcardBootstrap;
        this.uicc = new Uicc() {
            @Override
            public boolean bootstrapEnabled() {
                return smartcard;
            }

            @Override
            public Optional<byte[]> readBootstrapRecord(int maxSize) throws OsException {
                if (!smartcard) {
                    throw new OsException(Errno.ENOTSUP, "smartcard bootstrap is not enabled");
                }
                return new UiccBootstrapReader(at).read(maxSize);
            }
        };
        this.system = new JvmSystemControl(b.rebootAction);
        this.sms = listener -> {
            // Receiving SMS-DELIVER (+CMT PDUs) is not implemented on the JVM backend yet: nothing arrives.
            Objects.requireNonNull(listener, "listener");
            return () -> { };
        };
    }

    /** A builder; {@link Builder#stateDirectory} and a modem are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public JvmScheduler scheduler() {
        return scheduler;
    }

    @Override
    public FileStorage storage() {
        return storage;
    }

    @Override
    public AtChannel at() {
        return at;
    }

    /** Not implemented yet on the JVM backend: listeners are registered but never called. */
    @Override
    public Sms sms() {
        return sms;
    }

    @Override
    public AtPdn pdn() {
        return pdn;
    }

    @Override
    public AtLteModes lteModes() {
        return lteModes;
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public AtCredentials credentials() {
        return credentials;
    }

    /** The host copy of the credentials (for provisioning CA certificates directly, for instance). */
    public CredentialStore credentialStore() {
        return credentialStore;
    }

    @Override
    public JvmDownloadClient downloadClient() {
        return downloads;
    }

    @Override
    public FileDfuTarget dfu() {
        return dfu;
    }

    @Override
    public Uicc uicc() {
        return uicc;
    }

    @Override
    public JvmSystemControl system() {
        return system;
    }

    /** The CoAP/DTLS timing this OS was built for; pass it to {@code LwM2mCarrier.Builder.transportTiming}. */
    public TransportTiming transportTiming() {
        return timing;
    }

    /**
     * Stops the scheduler (timers cancelled, queued work dropped), the PDN layer's subscriptions, the
     * download client and, when this instance opened it, the AT channel. Files stay. Harmless twice.
     */
    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        pdn.close();
        downloads.close();
        scheduler.close();
        if (ownsAt && at instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the AT channel: {}", e.toString());
            }
        }
    }

    /** Configures a {@link JvmOs}; reusable: every {@link #build()} makes a new instance on the same files. */
    public static final class Builder {
        private Path stateDirectory;
        private AtTransport transport;
        private AtChannel channel;
        private AtChannelOptions atOptions = AtChannelOptions.DEFAULTS;
        private Network network;
        private DownloadOptions downloadOptions = DownloadOptions.DEFAULTS;
        private Executor downloadEvents;
        private TransportTiming timing = TransportTiming.STANDARD;
        private long applicationCapacity = 1 << 20;
        private long modemCapacity = 2 << 20;
        private UpdateInstaller installer = (type, image) -> {
            throw new IOException("no update installer configured for " + type + " images");
        };
        private RebootAction rebootAction = () -> LOG.warn("the library asked for a reboot, but no reboot action is configured");
        private boolean smartcardBootstrap = true;
        private Random random;
        private String name = "carrier";
        private int stackThreads = JvmScheduler.DEFAULT_STACK_THREADS;

        private Builder() {
        }

        /** The directory for storage ({@code nvs/}), credentials ({@code credentials/}) and DFU ({@code dfu/}). Required. */
        public Builder stateDirectory(Path value) {
            this.stateDirectory = Objects.requireNonNull(value, "stateDirectory");
            return this;
        }

        /** The modem on TCP {@code host:port}. */
        public Builder modemTcp(String host, int port) {
            return modem(new TcpAtTransport(host, port));
        }

        /** The modem on a serial port. */
        public Builder modemSerial(SerialSettings settings) {
            return modem(new SerialAtTransport(settings));
        }

        /** The modem over any transport; the OS opens (and closes) a {@link ModemAtChannel} on it. */
        public Builder modem(AtTransport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            this.channel = null;
            return this;
        }

        /** An AT channel the embedder owns (it is not closed with the OS). */
        public Builder atChannel(AtChannel value) {
            this.channel = Objects.requireNonNull(value, "channel");
            this.transport = null;
            return this;
        }

        /** Settings of the AT channel the OS opens (default {@link AtChannelOptions#DEFAULTS}). */
        public Builder atOptions(AtChannelOptions value) {
            this.atOptions = Objects.requireNonNull(value, "atOptions");
            return this;
        }

        /** The datagram network (default: {@link HostNetwork#create()}). */
        public Builder network(Network value) {
            this.network = Objects.requireNonNull(value, "network");
            return this;
        }

        /** Download settings (default {@link DownloadOptions#DEFAULTS}; CoAP timing comes from {@link #transportTiming}). */
        public Builder downloadOptions(DownloadOptions value) {
            this.downloadOptions = Objects.requireNonNull(value, "downloadOptions");
            return this;
        }

        /** Where download events are delivered (default: each download's own thread). */
        public Builder downloadEvents(Executor value) {
            this.downloadEvents = value;
            return this;
        }

        /**
         * CoAP/DTLS timing (default {@link TransportTiming#STANDARD}); {@link TransportTiming#COMPRESSED} for
         * real-time runs on loopback. Used by CoAP downloads and reported by {@link JvmOs#transportTiming()}.
         */
        public Builder transportTiming(TransportTiming value) {
            this.timing = Objects.requireNonNull(value, "timing");
            return this;
        }

        /** Size limits of the DFU target (default 1 MiB application, 2 MiB modem). */
        public Builder dfuCapacity(long application, long modem) {
            this.applicationCapacity = application;
            this.modemCapacity = modem;
            return this;
        }

        /** Applies scheduled images (default: none, so a scheduled update fails). */
        public Builder updateInstaller(UpdateInstaller value) {
            this.installer = Objects.requireNonNull(value, "installer");
            return this;
        }

        /** What a reboot does (default: a warning only; {@link JvmCarrierRunner} restarts the carrier instance). */
        public Builder rebootAction(RebootAction value) {
            this.rebootAction = Objects.requireNonNull(value, "rebootAction");
            return this;
        }

        /** Whether smartcard bootstrap reads the SIM's LwM2M file (default true). */
        public Builder smartcardBootstrap(boolean value) {
            this.smartcardBootstrap = value;
            return this;
        }

        /** A seeded source for {@code random()} (default: {@link SecureRandom}). */
        public Builder random(Random value) {
            this.random = value;
            return this;
        }

        /** The stem of thread names (default {@code carrier}). */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** Threads of the protocol stack's executor (default {@value JvmScheduler#DEFAULT_STACK_THREADS}). */
        public Builder stackThreads(int value) {
            this.stackThreads = value;
            return this;
        }

        /**
         * Opens the files and starts connecting to the modem (in the background: building does not wait
         * for it).
         *
         * @throws IllegalStateException if no state directory or modem was given
         * @throws IOException if the state directory cannot be used
         */
        public JvmOs build() throws IOException {
            if (stateDirectory == null) {
                throw new IllegalStateException("a state directory is required");
            }
            if (transport == null && channel == null) {
                throw new IllegalStateException("a modem (TCP, serial or an AT channel) is required");
            }
            return new JvmOs(this);
        }
    }
}
