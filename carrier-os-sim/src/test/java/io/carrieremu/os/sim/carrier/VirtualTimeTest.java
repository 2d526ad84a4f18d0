package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.DEFERRED;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The simulated world runs on virtual time only: the device's standard CoAP/DTLS timing costs no wall
 * time, and the same scenario gives the same transcript whatever else the machine is doing.
 */
class VirtualTimeTest {

    @Test
    void aServerThatNeverAnswersRegisterIsRetransmittedAndGivenUpOnTheStandardTimingInVirtualTime() throws Exception {
        long wallStart = System.nanoTime();
        try (CarrierSim sim = CarrierSim.builder("verizon").build()) {
            sim.carrier().ignoreRequests(102);
            sim.start();
            assertThat(sim.runUntil(DEFERRED, 1, Duration.ofHours(1))).isTrue();
            long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wallStart);

            List<Transcript.Entry> registers = sim.device().transcript().entries(Transcript.Kind.DATAGRAM_OUT).stream()
                    .filter(e -> e.text().startsWith("PDN 1 dm102.verizon.sim.invalid:5684 ") && e.text().endsWith("application_data"))
                    .toList();
            assertThat(registers).as("the Register and its retransmissions").hasSize(1 + TransportTiming.STANDARD.maxRetransmit());
            long firstSent = registers.get(0).virtualMillis();
            assertThat(registers.get(1).virtualMillis() - firstSent).as("first retransmit").isBetween(2000L, 3000L);

            CarrierEvent.Deferred deferred = (CarrierEvent.Deferred) sim.events().stream()
                    .filter(e -> e.type() == DEFERRED).findFirst().orElseThrow();
            assertThat(deferred.reason()).isEqualTo(DeferredReason.SERVER_REGISTRATION);
            assertThat(deferred.serverId()).isEqualTo(102);
            assertThat(sim.application().times(DEFERRED).get(0) - firstSent).as("given up at the exchange lifetime")
                    .isEqualTo(TransportTiming.STANDARD.exchangeLifetime().toMillis());
            // Measured well under a second; the bound only catches a return of wall-clock waiting.
            assertThat(wallMillis).as("wall time of the whole run").isLessThan(20_000);
        }
    }

    @Test
    void sameSeedGivesTheSameTranscriptTwice() throws Exception {
        String first = scenario();
        assertThat(first).contains("REGISTERED", "DEFERRED", "(lost)", "(blackholed)", "coverage lost");
        assertThat(scenario()).isEqualTo(first);
    }

    @Test
    void sameSeedGivesTheSameTranscriptTwiceUnderCpuLoad() throws Exception {
        String quiet = scenario();
        assertThat(TestSupport.underCpuLoad(VirtualTimeTest::scenario)).isEqualTo(quiet);
    }

    /**
     * A Verizon first boot with a fault schedule — one lost Register, an outage of server 101 over its
     * Update, a 20-minute coverage loss — over three virtual days: the transcript (AT lines, datagram
     * metadata) and the events with their virtual times.
     */
    private static String scenario() throws Exception {
        try (CarrierSim sim = CarrierSim.builder("verizon").build()) {
            sim.carrier().loseNextRequestsTo(102, 1);
            var clock = sim.device().clock();
            clock.schedule(Duration.ofHours(20), "outage of 101", () -> sim.carrier().makeDmServerUnreachable(101));
            clock.schedule(Duration.ofHours(23), "101 back", () -> sim.carrier().restoreDmServer(101));
            clock.schedule(Duration.ofHours(30), "coverage loss", () -> sim.device().modem().loseCoverage());
            clock.schedule(Duration.ofHours(30).plusMinutes(20), "coverage back", () -> sim.device().modem().restoreCoverage());
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            clock.advance(Duration.ofDays(3));
            String events = sim.application().timedEvents().stream()
                    .map(e -> e.at() + " " + e.event().type().vendorName() + " " + e.event())
                    .collect(Collectors.joining("\n"));
            return sim.device().transcript().print() + "\n--- events\n" + events;
        }
    }
}
