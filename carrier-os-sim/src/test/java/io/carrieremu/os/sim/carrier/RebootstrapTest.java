package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.DEFERRED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.EventType;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.util.List;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;

/**
 * The re-bootstrap triggers of a running device (SPEC §6): Bootstrap-Request Trigger {@code /1/x/9},
 * Factory Reset {@code /3/0/5}, and a DM server rejecting the registration (4.03) while a bootstrap
 * server exists. Each ends in the vendor's first-boot sequence again and a new registration.
 */
class RebootstrapTest {

    private static final List<EventType> BOOTSTRAP_SEQUENCE =
            List.of(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP, REGISTERED);

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void registrationRejectedByADmServerDefersThenBootstrapsAgain(CarrierSim sim) throws Exception {
        sim.carrier().forbidRegistration(102);
        sim.start();
        assertThat(sim.runUntil(DEFERRED, 1, Duration.ofHours(1))).isTrue();
        assertThat(sim.events().stream().filter(e -> e.type() == DEFERRED).toList())
                .containsExactly(new CarrierEvent.Deferred(DeferredReason.SERVER_REGISTRATION, 120));
        long deferredAt = sim.application().times(DEFERRED).get(0);
        int before = sim.events().size();
        sim.carrier().restoreDmServer(102);

        assertThat(sim.runUntil(BOOTSTRAPPED, 2, Duration.ofHours(1))).isTrue();
        // REGISTERED waits for every DM server: 102 never registered before the re-bootstrap.
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
        sim.device().clock().runUntilIdle();
        assertThat(sim.application().eventTypes().subList(before, sim.events().size())).containsExactlyElementsOf(BOOTSTRAP_SEQUENCE);
        assertThat(sim.application().times(LTE_LINK_DOWN)).contains(deferredAt + 120_000);
        assertThat(sim.carrier().bootstrapSessions()).hasSize(2);
        assertThat(sim.carrier().dmServer(102).getRegistrationService().getAllRegistrations().hasNext()).isTrue();
    }

    @Test
    void bootstrapRequestTriggerFromADmServerBootstrapsAgain() throws Exception {
        assertServerExecuteBootstrapsAgain((sim, registration) -> new ExecuteRequest(1, sim.serverObjectInstance(102), 9));
    }

    @Test
    void factoryResetFromADmServerBootstrapsAgain() throws Exception {
        assertServerExecuteBootstrapsAgain((sim, registration) -> new ExecuteRequest(3, 0, 5));
    }

    private static void assertServerExecuteBootstrapsAgain(java.util.function.BiFunction<CarrierSim, Registration, ExecuteRequest> request)
            throws Exception {
        try (CarrierSim sim = CarrierSim.builder("verizon").build()) {
            RegistrationRecorder recorder = RegistrationRecorder.at(sim, 102);
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.device().clock().runUntil(() -> !recorder.registrations.isEmpty(), Duration.ofMinutes(5))).isTrue();
            sim.device().clock().runUntilIdle();
            int before = sim.events().size();

            Registration registration = recorder.registrations.get(0);
            ExecuteResponse executed = sim.carrier().send(102, registration, request.apply(sim, registration), java.time.Duration.ofSeconds(5));
            assertThat(executed.isSuccess()).as(String.valueOf(executed)).isTrue();

            assertThat(sim.runUntil(REGISTERED, 2, Duration.ofHours(1))).isTrue();
            sim.device().clock().runUntilIdle();
            assertThat(sim.application().eventTypes().subList(before, sim.events().size())).containsExactlyElementsOf(BOOTSTRAP_SEQUENCE);
            assertThat(sim.carrier().bootstrapSessions()).hasSize(2);
            assertThat(recorder.registrations).as("registered again at the server").hasSize(2);
        }
    }
}
