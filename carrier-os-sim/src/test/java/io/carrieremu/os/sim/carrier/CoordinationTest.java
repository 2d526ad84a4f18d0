package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.DEFERRED;
import static io.carrieremu.core.event.EventType.DEREGISTERED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the library's parts work together: the lifecycle through a modem shutdown, REGISTERED over
 * several DM servers and requests, the LINK_DOWN sequence, and requests that never wait behind an
 * exchange. One test per behaviour that the single engine of earlier releases got wrong.
 */
class CoordinationTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void modemShutdownThenInitRegistersAgain(CarrierSim sim) throws Exception {
        RegistrationRecorder dm101 = RegistrationRecorder.at(sim, 101);
        RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();

        // The application obeys MODEM_SHUTDOWN (the modem-delta FOTA path) ...
        sim.application().carrier().onModemShutdown();
        sim.device().modemShutdown();
        sim.device().clock().advance(Duration.ofMinutes(5));
        // ... and later initialises the modem again and brings the link up.
        sim.application().carrier().onModemInit(sim.device().modemInit());
        sim.device().os().at().send("AT+CFUN=1");

        assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
        assertThat(dm101.registrations).hasSize(2);
        assertThat(dm102.registrations).hasSize(2);
        assertThat(sim.device().clock().runUntil(() -> dm101.updates.size() >= 1 && dm102.updates.size() >= 1,
                Duration.ofDays(2))).as("updates go on after the shutdown").isTrue();
        assertThat(sim.application().eventTypes()).doesNotContain(DEFERRED);
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void registeredWaitsForEveryDmServer(CarrierSim sim) throws Exception {
        RegistrationRecorder dm101 = RegistrationRecorder.at(sim, 101);
        sim.carrier().makeDmServerUnreachable(102);
        sim.start();
        assertThat(sim.runUntil(DEFERRED, 1, HOUR)).isTrue();
        assertThat(dm101.registrations).as("101 registered").hasSize(1);
        CarrierEvent.Deferred deferred = (CarrierEvent.Deferred) sim.events().stream()
                .filter(e -> e.type() == DEFERRED).findFirst().orElseThrow();
        assertThat(deferred.reason()).isEqualTo(DeferredReason.SERVER_NO_ROUTE);
        assertThat(deferred.serverId()).as("the server that failed is named").isEqualTo(102);
        sim.device().clock().advance(Duration.ofMinutes(1));
        assertThat(sim.application().eventTypes()).as("not registered to every DM server yet").doesNotContain(REGISTERED);

        sim.carrier().restoreDmServer(102);
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        CarrierEvent.Registered registered = (CarrierEvent.Registered) sim.events().stream()
                .filter(e -> e.type() == REGISTERED).findFirst().orElseThrow();
        assertThat(registered.serverIds()).containsExactlyInAnyOrder(101, 102);
    }

    @Test
    void registeredIsEmittedAgainAfterDeregisterAndRegister() throws Exception {
        String uri = "coaps://bs.custom.example.invalid:5684";
        CarrierConfig generic = CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri(uri).isBootstrapServer(true)
                .serverSecTag(42).build();
        try (CarrierSim sim = CarrierSim.builder("unknown").config(generic).build().start()) {
            assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
            assertThat(sim.application().carrier().request(Request.DEREGISTER)).isEqualTo(Result.OK);
            assertThat(sim.runUntil(DEREGISTERED, 1, HOUR)).isTrue();
            assertThat(sim.application().carrier().request(Request.REGISTER)).isEqualTo(Result.OK);
            assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
        }
    }

    @Test
    void linkDownRequestClosesEachSessionBeforeLinkDown() throws Exception {
        CarrierConfig noIdleTimeout = CarrierConfig.builder().sessionIdleTimeout(-1).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").config(noIdleTimeout).build().start()) {
            assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
            sim.device().clock().advance(Duration.ofMinutes(10));
            int linesBefore = sim.device().transcript().entries().size();
            assertThat(sim.application().carrier().request(Request.LINK_DOWN)).isEqualTo(Result.OK);
            assertThat(sim.runUntil(LTE_LINK_DOWN, 3, HOUR)).isTrue();
            sim.device().clock().runUntilIdle();

            assertThat(sim.carrier().dmSessionsClosedByDevice(101)).isEqualTo(1);
            assertThat(sim.carrier().dmSessionsClosedByDevice(102)).isEqualTo(1);
            List<String> after = sim.device().transcript().entries().subList(linesBefore, sim.device().transcript().entries().size())
                    .stream().map(Object::toString).toList();
            int linkDown = indexOf(after, "> AT+CFUN=4");
            assertThat(linkDown).as("the application took the link down").isPositive();
            assertThat(indexOf(after, "-> PDN 1 dm101.verizon.sim.invalid:5684 ")).as("close_notify to 101 first")
                    .isBetween(0, linkDown);
            assertThat(indexOf(after, "-> PDN 1 dm102.verizon.sim.invalid:5684 ")).as("close_notify to 102 first")
                    .isBetween(0, linkDown);
            assertThat(sim.carrier().dmServer(102).getRegistrationService().getAllRegistrations().hasNext())
                    .as("Verizon does not de-register on LINK_DOWN").isTrue();
        }
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void requestIsAnsweredWhileARegisterIsInFlight(CarrierSim sim) throws Exception {
        sim.carrier().makeDmServerUnreachable(102);
        sim.start();
        assertThat(sim.device().clock().runUntil(() -> sim.device().transcript().lines(Transcript.Kind.DATAGRAM_DROPPED)
                .stream().anyMatch(line -> line.contains("dm102")), HOUR)).isTrue();
        long registerSentAt = sim.device().clock().nowMillis();
        sim.device().clock().advance(Duration.ofSeconds(30));
        assertThat(sim.application().eventTypes()).as("the Register to 102 is still in flight").doesNotContain(DEFERRED);

        long started = System.nanoTime();
        Result linkDown = sim.application().carrier().request(Request.LINK_DOWN);
        long requestNanos = System.nanoTime() - started;
        started = System.nanoTime();
        sim.application().carrier().close();
        long closeNanos = System.nanoTime() - started;
        assertThat(linkDown).isEqualTo(Result.OK);
        assertThat(TimeUnit.NANOSECONDS.toMillis(requestNanos)).as("request answered at once").isLessThan(100);
        assertThat(TimeUnit.NANOSECONDS.toMillis(closeNanos)).as("close returns at once").isLessThan(100);

        sim.device().clock().runUntil(() -> sim.application().main().isDone(), HOUR);
        assertThat(sim.application().main().getNow(null)).isEqualTo(MainResult.STOPPED);
        assertThat(sim.application().times(LTE_LINK_DOWN).get(sim.application().times(LTE_LINK_DOWN).size() - 1))
                .as("LINK_DOWN did not wait for the Register to give up")
                .isLessThan(registerSentAt + TransportTiming.STANDARD.exchangeLifetime().toMillis());
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void bootstrapWithoutServerObjectsDefersWithBootstrapSequence(CarrierSim sim) throws Exception {
        sim.carrier().bootstrapWithoutServers();
        sim.start();
        assertThat(sim.runUntil(DEFERRED, 1, HOUR)).isTrue();
        assertThat(sim.events()).contains(new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_SEQUENCE, 120));
        assertThat(sim.application().eventTypes()).doesNotContain(BOOTSTRAPPED, REGISTERED);
        assertThat(sim.runUntil(DEFERRED, 2, HOUR)).as("and the retry schedule goes on").isTrue();
        assertThat(sim.carrier().bootstrapSessions()).hasSize(2);
    }
}
