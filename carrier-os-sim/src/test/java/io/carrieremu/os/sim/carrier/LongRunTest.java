package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.carrieremu.os.sim.clock.SimScheduler;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Long runs in virtual time: coverage that comes back after hours, and a month of a Verizon device
 * losing coverage every day, after which nothing the library or the simulation made has piled up.
 */
class LongRunTest {

    private static final Duration HOUR = Duration.ofHours(1);
    /** Verizon's DM lifetime is 24 h; the library updates at 0.9 of it. */
    private static final Duration UPDATE_PERIOD = Duration.ofSeconds(77_760);

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void coverageReturningAfterALongLossRegistersAtOnce(CarrierSim sim) throws Exception {
        RegistrationRecorder dm101 = RegistrationRecorder.at(sim, 101);
        RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        long registeredAt = sim.application().times(REGISTERED).get(0);

        // Lose coverage half an hour before the Update is due, for two hours.
        long lossAt = registeredAt + UPDATE_PERIOD.minusMinutes(30).toMillis();
        sim.device().clock().advance(Duration.ofMillis(lossAt - sim.device().clock().nowMillis()));
        sim.device().modem().loseCoverage();
        sim.device().clock().advance(Duration.ofHours(2));
        assertThat(dm101.updates).as("no Update got through without coverage").isEmpty();

        sim.device().modem().restoreCoverage();
        long back = sim.device().clock().nowMillis();
        boolean ok = sim.device().clock().runUntil(() -> !dm101.updates.isEmpty() && !dm102.updates.isEmpty(),
                Duration.ofMinutes(1));
        assertThat(ok).as("both servers updated within a minute of coverage").isTrue();
        assertThat(sim.device().clock().nowMillis() - back).isLessThanOrEqualTo(Duration.ofMinutes(1).toMillis());
        assertThat(sim.application().eventTypes()).as("no deferral counted an attempt made without coverage")
                .doesNotContain(io.carrieremu.core.event.EventType.DEFERRED);
    }

    @Test
    void soakOf30VirtualDaysLeaksNothing() throws Exception {
        try (CarrierSim sim = CarrierSim.builder("verizon").transcriptLimit(10_000).build().start()) {
            assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
            sim.device().clock().advance(Duration.ofDays(1));
            Snapshot start = Snapshot.take(sim);

            long covered = 0;
            long registeredAtBoth = 0;
            Duration step = Duration.ofMinutes(10);
            for (int day = 0; day < 30; day++) {
                for (int slot = 0; slot < 144; slot++) {
                    // Two hours without coverage every day, at a time that moves through the day.
                    int lossStart = (day * 7) % 22 * 6;
                    boolean coverage = slot < lossStart || slot >= lossStart + 12;
                    if (slot == lossStart) {
                        sim.device().modem().loseCoverage();
                    } else if (slot == lossStart + 12) {
                        sim.device().modem().restoreCoverage();
                    }
                    sim.device().clock().advance(step);
                    if (coverage) {
                        covered++;
                        if (registeredAt(sim, 101) && registeredAt(sim, 102)) {
                            registeredAtBoth++;
                        }
                    }
                }
            }
            Snapshot end = Snapshot.take(sim);
            assertThat(registeredAtBoth * 100.0 / covered).as("registered at both DM servers, %% of covered time")
                    .isGreaterThanOrEqualTo(99.0);
            assertThat(end.threads).as("threads").isLessThanOrEqualTo(start.threads + 2);
            assertThat(end.fileDescriptors).as("file descriptors").isLessThanOrEqualTo(start.fileDescriptors + 8);
            assertThat(end.timers).as("OS timers reserved").isEqualTo(start.timers);
            assertThat(end.scheduled).as("events on the virtual timeline").isLessThanOrEqualTo(start.scheduled + 8);
            assertThat(end.heapBytes).as("heap after GC").isLessThanOrEqualTo(start.heapBytes + 32L * 1024 * 1024);
        }
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void anEndedInstanceReleasesWhatItsBootMadeAndAnswersAtOnce(CarrierSim sim) {
        SimScheduler scheduler = (SimScheduler) sim.device().os().scheduler();
        int endpointsBefore = sim.device().transport().openEndpoints();
        int threadsBefore = Thread.activeCount();
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(scheduler.reservedTimers()).as("the boot's timers").isPositive();
        assertThat(sim.device().transport().openEndpoints()).as("the boot's endpoints").isGreaterThan(endpointsBefore);

        io.carrieremu.core.LwM2mCarrier library = sim.application().carrier();
        sim.application().stop();
        sim.clock().runUntilIdle();
        assertThat(sim.application().main().getNow(null)).isEqualTo(io.carrieremu.core.api.MainResult.STOPPED);
        assertThat(scheduler.reservedTimers()).as("timers released").isZero();
        assertThat(sim.device().transport().openEndpoints()).as("endpoints closed").isEqualTo(endpointsBefore);
        assertThat(Thread.activeCount()).as("threads").isLessThanOrEqualTo(threadsBefore + 2);

        // Calls on the ended instance return at once, with their documented results.
        long eventsBefore = sim.events().size();
        assertThat(library.request(io.carrieremu.core.api.Request.REBOOT))
                .isEqualTo(io.carrieremu.core.api.Result.error(io.carrieremu.core.base.Errno.EBADR));
        library.onModemInit(io.carrieremu.core.api.ModemInitResult.SUCCESS);
        library.onModemCfun(io.carrieremu.core.api.ModemMode.LTE_ACTIVATED);
        assertThat(library.start()).isCompletedWithValue(io.carrieremu.core.api.MainResult.STOPPED);
        sim.clock().advance(Duration.ofHours(25));
        assertThat(sim.events()).as("nothing happens any more").hasSize((int) eventsBefore);
        assertThat(scheduler.reservedTimers()).isZero();
    }

    private static boolean registeredAt(CarrierSim sim, int ssid) {
        return sim.carrier().dmServer(ssid).getRegistrationService().getByEndpoint(sim.endpoint()) != null;
    }

    /** What a leak would make grow. */
    private record Snapshot(int threads, long fileDescriptors, int timers, int scheduled, long heapBytes) {
        static Snapshot take(CarrierSim sim) {
            OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            long descriptors = os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : 0;
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            return new Snapshot(Thread.activeCount(), descriptors,
                    ((SimScheduler) sim.device().os().scheduler()).reservedTimers(), sim.device().clock().scheduledEvents(),
                    runtime.totalMemory() - runtime.freeMemory());
        }
    }
}
