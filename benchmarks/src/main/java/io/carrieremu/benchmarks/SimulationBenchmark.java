package io.carrieremu.benchmarks;

import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.SimulatedApplication;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.carrier.SimulatedCarrier;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.network.SimNetwork;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The simulation's speed, side by side with bare Leshan in the same JVM (a plain main: warm-up runs,
 * then the median of measured runs). Run it with {@code ./carrier-bench [boot] [days] [fota] [fleet=100,1000]}.
 *
 * <ul>
 *   <li>{@code boot}: first boot to REGISTERED (T-Mobile: bootstrap + one DM server, the bare case's
 *       shape; Verizon: bootstrap + two DM servers) and second boot (stored state, Register only), against
 *       a bare Leshan client bootstrapping and registering (or only registering) on loopback;
 *   <li>{@code days}: 30 virtual days of a registered Verizon device, and of a Verizon device whose DM
 *       server 102 never answers (the 2/4/6/8-minute then daily schedule);
 *   <li>{@code fota}: firmware download throughput into the simulated DFU target over HTTP and CoAP, beside
 *       plain {@code java.net.http} and Californium downloads of the same file ({@link FotaBenchmark});
 *   <li>{@code fleet}: N Verizon devices registered in one simulated world with one simulated carrier:
 *       wall time, threads and retained heap per device.
 * </ul>
 */
public final class SimulationBenchmark {

    private static final byte[] BOOTSTRAP_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    private static final byte[] DM_KEY = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");
    private static final Duration HOUR = Duration.ofHours(1);

    private SimulationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("boot", "days", "fota", "fleet=100,1000,10000") : Arrays.asList(args);
        System.out.printf(Locale.ROOT, "carrier-emu benchmarks: %d cores, Java %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        for (String name : which) {
            if (name.equals("boot")) {
                boot();
            } else if (name.equals("days")) {
                days();
            } else if (name.equals("fota")) {
                FotaBenchmark.run();
            } else if (name.startsWith("fleet")) {
                String sizes = name.contains("=") ? name.substring(name.indexOf('=') + 1) : "100,1000,10000";
                for (String size : sizes.split(",")) {
                    fleet(Integer.parseInt(size.strip()));
                }
            } else {
                throw new IllegalArgumentException("unknown benchmark " + name + " (boot, days, fota, fleet[=N,...])");
            }
        }
    }

    // ------------------------------------------------------------------ boots

    private static void boot() throws Exception {
        try (BareLeshan bare = new BareLeshan()) {
            double bareFirst = median(20, 40, () -> bare.run(true));
            double bareSecond = median(20, 40, () -> bare.run(false));
            double tMobileFirst = median(10, 30, () -> firstBoot("t-mobile", false));
            double tMobileSecond = median(10, 30, () -> firstBoot("t-mobile", true));
            double verizonFirst = median(10, 30, () -> firstBoot("verizon", false));
            double verizonSecond = median(10, 30, () -> firstBoot("verizon", true));
            System.out.println();
            System.out.println("boot to REGISTERED (median wall ms)       emulated   bare Leshan   ratio");
            row("first boot, bootstrap + 1 DM (T-Mobile)", tMobileFirst, bareFirst);
            row("second boot, 1 DM (T-Mobile)", tMobileSecond, bareSecond);
            row("first boot, bootstrap + 2 DM (Verizon)", verizonFirst, bareFirst);
            row("second boot, 2 DM (Verizon)", verizonSecond, bareSecond);
        }
    }

    private static void row(String what, double emulated, double bare) {
        System.out.printf(Locale.ROOT, "  %-40s %8.1f %12.1f %7.2fx%n", what, emulated, bare, emulated / bare);
    }

    /**
     * One device on a new world; the carrier side is started beforehand (as the bare servers are).
     *
     * @param second measure the second boot (the first one runs unmeasured before)
     */
    private static long firstBoot(String profileId, boolean second) throws Exception {
        World world = new World(profileId);
        try {
            Device device = world.device(1);
            long started = System.nanoTime();
            device.application.start();
            if (!world.clock.runUntil(() -> device.application.count(EventType.REGISTERED) >= 1, HOUR)) {
                throw new IllegalStateException(profileId + " did not register");
            }
            long first = System.nanoTime() - started;
            if (!second) {
                return first;
            }
            started = System.nanoTime();
            world.clock.run(device.device::reboot);
            if (!world.clock.runUntil(() -> device.application.count(EventType.REGISTERED) >= 2, HOUR)) {
                throw new IllegalStateException(profileId + " did not register after the reboot");
            }
            return System.nanoTime() - started;
        } finally {
            world.close();
        }
    }

    // ------------------------------------------------------------------ long runs

    private static void days() throws Exception {
        double registered = median(2, 5, () -> thirtyDays(false));
        double unreachable = median(2, 5, () -> thirtyDays(true));
        System.out.println();
        System.out.println("30 virtual days, Verizon (median wall ms)");
        System.out.printf(Locale.ROOT, "  %-40s %8.1f%n", "registered at 101 and 102", registered);
        System.out.printf(Locale.ROOT, "  %-40s %8.1f%n", "DM server 102 unreachable throughout", unreachable);
    }

    private static long thirtyDays(boolean unreachable) throws Exception {
        World world = new World("verizon");
        try {
            Device device = world.device(1);
            if (unreachable) {
                world.carrier.makeDmServerUnreachable(102);
            }
            device.application.start();
            long started = System.nanoTime();
            world.clock.advance(Duration.ofDays(30));
            long elapsed = System.nanoTime() - started;
            long deferred = device.application.count(EventType.DEFERRED);
            if (unreachable ? deferred < 30 : device.application.count(EventType.REGISTERED) != 1 || deferred != 0) {
                throw new IllegalStateException("unexpected run: " + device.application.eventTypes().size() + " events, "
                        + deferred + " DEFERRED");
            }
            return elapsed;
        } finally {
            world.close();
        }
    }

    // ------------------------------------------------------------------ many devices

    private static void fleet(int n) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        System.gc();
        long heapBefore = usedHeap();
        int threadsBefore = threads.getThreadCount();
        long started = System.nanoTime();
        World world = new World("verizon");
        List<Device> devices = new ArrayList<>(n);
        try {
            for (int i = 1; i <= n; i++) {
                Device device = world.device(i);
                device.application.start();
                devices.add(device);
            }
            long created = System.nanoTime() - started;
            boolean all = world.clock.runUntil(() -> devices.stream().allMatch(d -> d.application.count(EventType.REGISTERED) >= 1),
                    Duration.ofHours(2));
            long elapsed = System.nanoTime() - started;
            int threadsAfter = threads.getThreadCount();
            System.gc();
            System.gc();
            long heapAfter = usedHeap();
            long registered = devices.stream().filter(d -> d.application.count(EventType.REGISTERED) >= 1).count();
            System.out.println();
            System.out.printf(Locale.ROOT, "fleet of %d Verizon devices in one world: %d registered%s%n", n, registered,
                    all ? "" : " (NOT ALL)");
            System.out.printf(Locale.ROOT, "  wall time to all REGISTERED      %10.1f s (creating %.1f s), virtual %s%n",
                    elapsed / 1e9, created / 1e9, world.clock.now());
            System.out.printf(Locale.ROOT, "  threads                          %10d (%.3f per device)%n", threadsAfter - threadsBefore,
                    (threadsAfter - threadsBefore) / (double) n);
            System.out.printf(Locale.ROOT, "  retained heap                    %10.1f MiB (%.3f MiB per device)%n",
                    (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / 1048576.0 / n);
            System.out.printf(Locale.ROOT, "  simulation tasks run             %10d%n", world.clock.tasksRun());
            if (!all) {
                java.util.Map<String, Long> stuck = new java.util.TreeMap<>();
                for (Device device : devices) {
                    if (device.application.count(EventType.REGISTERED) == 0) {
                        stuck.merge(device.application.events().toString(), 1L, Long::sum);
                    }
                }
                stuck.forEach((events, count) -> System.out.println("  not registered (" + count + "): " + events));
                devices.stream().filter(d -> d.application.count(EventType.REGISTERED) == 0).findFirst()
                        .ifPresent(d -> System.out.println(d.device.transcript().print()));
            }
        } finally {
            world.close();
            devices.clear();
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ------------------------------------------------------------------ the world

    /** One simulated world: a clock, a network and a carrier side, for any number of devices. */
    static final class World implements AutoCloseable {
        final VirtualClock clock = new VirtualClock();
        final SimNetwork network = new SimNetwork(clock, 1);
        final CarrierProfile profile;
        final String profileId;
        final SimulatedCarrier carrier;
        final List<Device> devices = new ArrayList<>();

        World(String profileId) throws Exception {
            this.profileId = profileId;
            Carrier which = profileId.equals("verizon") ? Carrier.VERIZON : Carrier.T_MOBILE;
            this.profile = CarrierProfiles.builtIn().of(which).orElseThrow();
            this.carrier = SimulatedCarrier.start(profile, network, TransportTiming.STANDARD, SimulatedCarrier.Options.defaults());
        }

        /** Device number {@code i}: its own IMEI, SIM and provisioning at the carrier. */
        Device device(int i) throws Exception {
            String imei = String.format(Locale.ROOT, "35265610%07d", i);
            String msisdn = String.format(Locale.ROOT, "+1555%07d", i);
            SimCard card = SimProfiles.builder(profileId).iccid(String.format(Locale.ROOT, "89148000%011d", i)).msisdn(msisdn).build();
            SimulatedDevice device = SimulatedDevice.builder().profile(profileId).sim(card).imei(imei).transport(network)
                    .transcriptLimit(Integer.getInteger("bench.transcript", 0)).seed(i).build();
            String endpoint = profile.endpointName().replace("{imei}", imei).replace("{msisdn10}", msisdn.substring(msisdn.length() - 10));
            carrier.provision(new SimulatedCarrier.Device(imei, endpoint, endpoint, BOOTSTRAP_KEY, DM_KEY));
            device.os().at().send("AT%CMNG=0," + CarrierConfig.FACTORY_BOOTSTRAP_SEC_TAG + ",3,\""
                    + HexFormat.of().formatHex(BOOTSTRAP_KEY) + "\"");
            SimulatedApplication application = SimulatedApplication.builder(device, CarrierConfig.defaults()).build();
            Device created = new Device(device, application);
            devices.add(created);
            return created;
        }

        @Override
        public void close() {
            for (Device device : devices) {
                device.application.stop();
            }
            clock.runUntilIdle();
            carrier.close();
            for (Device device : devices) {
                device.device.close();
            }
        }
    }

    record Device(SimulatedDevice device, SimulatedApplication application) {
    }

    // ------------------------------------------------------------------ statistics

    @FunctionalInterface
    interface Run {
        long nanos() throws Exception;
    }

    /** Runs {@code warmUp} times unmeasured, then {@code measured} times; the median in milliseconds. */
    static double median(int warmUp, int measured, Run run) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            run.nanos();
        }
        long[] samples = new long[measured];
        for (int i = 0; i < measured; i++) {
            samples[i] = run.nanos();
        }
        Arrays.sort(samples);
        long middle = measured % 2 == 1 ? samples[measured / 2] : (samples[measured / 2 - 1] + samples[measured / 2]) / 2;
        return middle / 1e6;
    }
}
