package io.carrieremu.os.sim;

import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.SmsDeliver;
import io.carrieremu.os.sim.clock.SimScheduler;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.dfu.SimDfuTarget;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.network.NetworkModel;
import io.carrieremu.os.sim.network.SimNetwork;
import io.carrieremu.os.sim.nvs.SimStorage;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A simulated nRF91-style device: modem with SIM, network, virtual clock, NVS and DFU target, offered
 * to the carrier core as an {@link LwM2mOs} ({@link #os()}), plus the controls a test or the sample
 * needs — reboot, SIM swap, modem library init/shutdown, incoming SMS, faults (through the parts).
 *
 * <p>Each boot gets a fresh scheduler and OS view; storage, credentials, SIM and DFU area survive. The
 * firmware registered with {@link #onBoot} runs after every boot (that is where a test or the sample
 * creates a new carrier instance), including when the core asks for a reboot.
 */
public final class SimulatedDevice implements AutoCloseable {

    private final VirtualClock clock;
    private final boolean ownClock;
    private final Transcript transcript;
    private final NetworkModel network;
    private final SimModem modem;
    private final SimNetwork transport;
    private final io.carrieremu.core.os.Network link;
    private final String name;
    private final SimStorage storage;
    private final SimDfuTarget dfu;
    private final long seed;
    private final boolean smartcardBootstrap;
    private SimOs os;
    private int boots;
    private Consumer<LwM2mOs> firmware = os -> { };

    private SimulatedDevice(Builder b) {
        this.ownClock = b.transport == null && b.clock == null;
        this.clock = b.transport != null ? b.transport.clock() : b.clock != null ? b.clock : new VirtualClock();
        if (b.transport != null && b.clock != null && b.clock != b.transport.clock()) {
            throw new IllegalArgumentException("the device's clock must be the clock of its network's world");
        }
        this.transcript = new Transcript(clock::nowMillis, b.transcriptLimit);
        this.network = b.network != null ? b.network : SimProfiles.homeNetwork("verizon");
        this.modem = new SimModem(clock, transcript, network, SimModem.Identity.nrf9160(b.imei), b.card);
        this.transport = b.transport != null ? b.transport : new SimNetwork(clock, b.seed);
        this.link = transport.attach(modem, transcript);
        this.name = "device-" + b.imei.substring(b.imei.length() - 6);
        this.storage = b.storage != null ? b.storage : SimStorage.inMemory();
        this.dfu = SimDfuTarget.withDefaultSizes(transcript);
        this.seed = b.seed;
        this.smartcardBootstrap = b.smartcardBootstrap;
        boot();
    }

    /** A builder: a Verizon SIM on Verizon's network, in-memory storage, unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    private synchronized void boot() {
        boots++;
        os = new SimOs(this, new SimScheduler(clock, name + "#" + boots, seed + boots));
        transcript.record(Transcript.Kind.DEVICE, "boot " + boots);
    }

    /** The OS layer of the current boot. */
    public synchronized LwM2mOs os() {
        return os;
    }

    /** How many times the device has booted (1 after construction). */
    public synchronized int boots() {
        return boots;
    }

    /**
     * Sets the firmware run after each boot, and runs it now for the current boot — the simulated
     * application's {@code main}.
     */
    public void onBoot(Consumer<LwM2mOs> firmware) {
        this.firmware = Objects.requireNonNull(firmware, "firmware");
        firmware.accept(os());
    }

    /**
     * A cold reset requested through {@link io.carrieremu.core.os.SystemControl}: happens as a timeline
     * event at the current virtual time, after the requesting work item returns.
     */
    void requestReboot() {
        transcript.record(Transcript.Kind.DEVICE, "reboot requested");
        clock.schedule(Duration.ZERO, "reboot", this::reboot);
    }

    /**
     * Reboots now: the work queues and timers of the running boot stop, the modem is powered off, NVS
     * is remounted, a scheduled application image is booted, and the firmware runs again.
     */
    public void reboot() {
        SimOs old;
        synchronized (this) {
            old = os;
        }
        old.close();
        modem.shutdown();
        storage.remount();
        dfu.applyAtReboot();
        boot();
        firmware.accept(os());
    }

    /** What {@code nrf_modem_lib_init()} does here: applies a scheduled modem delta and says how it went. */
    public ModemInitResult modemInit() {
        ModemInitResult result = dfu.applyAtModemInit(modem);
        transcript.record(Transcript.Kind.DEVICE, "modem library initialised: " + result);
        return result;
    }

    /** What {@code nrf_modem_lib_shutdown()} does here: the modem powers off and forgets volatile settings. */
    public void modemShutdown() {
        modem.shutdown();
    }

    /**
     * Arms a power cut during a firmware download: the DFU write that would take the stored image past
     * {@code bytes} keeps only the bytes before that point, the power goes — NVS refuses every write
     * from then on, so nothing the library does afterwards persists — and the device boots again at
     * the same virtual instant, as when the power comes back.
     */
    public void powerCutDuringDfuAfter(long bytes) {
        dfu.onPowerLoss(() -> {
            transcript.record(Transcript.Kind.DEVICE, "power lost");
            storage.powerOff();
            // Nothing of this boot runs any more: what the library would still do is lost with the power.
            SimOs dying;
            synchronized (this) {
                dying = os;
            }
            dying.close();
            clock.schedule(Duration.ZERO, "power back", this::reboot);
        });
        dfu.injectPowerCutAfter(bytes);
    }

    /** Swaps the SIM card; the modem sees it at the next UICC power-up. */
    public void swapSim(SimCard card) {
        modem.insertSim(card);
    }

    /** The network delivers an SMS to the device. */
    public void deliverSms(SmsDeliver message) {
        modem.receiveSms(message);
    }

    boolean smartcardBootstrapEnabled() {
        return smartcardBootstrap;
    }

    /** The world's virtual clock. */
    public VirtualClock clock() {
        return clock;
    }

    /** Every AT command, answer, notification and datagram, with virtual times. */
    public Transcript transcript() {
        return transcript;
    }

    /** The cellular network the modem registers with, with its fault knobs. */
    public NetworkModel network() {
        return network;
    }

    /** The simulated modem, with its fault controls. */
    public SimModem modem() {
        return modem;
    }

    /** The world's datagram network the device is on, with its fault knobs and host mapping. */
    public SimNetwork transport() {
        return transport;
    }

    /** The device's own way into the network (through its modem), as its OS layer offers it. */
    io.carrieremu.core.os.Network link() {
        return link;
    }

    /** The NVS (survives reboots), with power-cut injection. */
    public SimStorage storage() {
        return storage;
    }

    /** The DFU target (survives reboots). */
    public SimDfuTarget dfu() {
        return dfu;
    }

    /** Stops everything the device runs. */
    @Override
    public void close() {
        SimOs current;
        synchronized (this) {
            current = os;
        }
        current.close();
        modem.close();
        if (ownClock) {
            clock.stopAutoAdvance();
        }
    }

    /** Builds a {@link SimulatedDevice}. */
    public static final class Builder {
        private String imei = "352656100367872";
        private SimCard card = SimProfiles.verizon();
        private NetworkModel network;
        private SimStorage storage;
        private VirtualClock clock;
        private SimNetwork transport;
        private int transcriptLimit = Transcript.UNBOUNDED;
        private long seed = 1;
        private boolean smartcardBootstrap = true;

        private Builder() {
        }

        /** The IMEI (default {@code 352656100367872}). */
        public Builder imei(String value) {
            this.imei = value;
            return this;
        }

        /** The inserted SIM (null for none). */
        public Builder sim(SimCard value) {
            this.card = value;
            return this;
        }

        /** A SIM profile and its home network, by profile id ({@link SimProfiles#IDS}). */
        public Builder profile(String id) {
            this.card = SimProfiles.card(id);
            this.network = SimProfiles.homeNetwork(id);
            return this;
        }

        /** The cellular network (default: the SIM profile's home network). */
        public Builder network(NetworkModel value) {
            this.network = value;
            return this;
        }

        /** The NVS (default: in memory). */
        public Builder storage(SimStorage value) {
            this.storage = value;
            return this;
        }

        /** Keeps NVS in {@code directory/nvs.bin}, so state survives the JVM. */
        public Builder stateDirectory(Path directory) throws IOException {
            this.storage = SimStorage.inDirectory(directory);
            return this;
        }

        /** The world's clock to join (default: a new one). */
        public Builder clock(VirtualClock value) {
            this.clock = value;
            return this;
        }

        /** Keeps only the last {@code entries} of the transcript (a ring; 0: none), for long or large runs. */
        public Builder transcriptLimit(int entries) {
            this.transcriptLimit = entries;
            return this;
        }

        /** The world's network to join (and so its clock), shared with other devices and a carrier side. */
        public Builder transport(SimNetwork value) {
            this.transport = value;
            return this;
        }

        /** Seed of everything random (scheduler random numbers, packet loss): same seed, same run. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Whether {@code CONFIG_UICC_LWM2M} is "built in" (default true). */
        public Builder smartcardBootstrap(boolean value) {
            this.smartcardBootstrap = value;
            return this;
        }

        /** The device, booted once (its firmware runs when {@code onBoot} sets one). */
        public SimulatedDevice build() {
            return new SimulatedDevice(this);
        }
    }
}
