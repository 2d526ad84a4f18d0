package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.junit.jupiter.api.Test;

/** Registration to the DM servers the bootstrap server named, on the simulated device and carrier. */
class RegistrationTest {

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void verizonFirstBootEndsRegisteredAtBothServersWithItsEndpointNameBindingAndObjects(CarrierSim sim) throws Exception {
        RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
        RegistrationRecorder dm101 = RegistrationRecorder.at(sim, 101);
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).as(sim.device().transcript().print()).isTrue();
        sim.device().clock().runUntilIdle();
        assertThat(sim.application().eventTypes()).containsExactly(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP, REGISTERED);
        for (RegistrationRecorder server : List.of(dm102, dm101)) {
            assertThat(server.registrations).singleElement().satisfies(registration -> {
                assertThat(registration.getEndpoint()).isEqualTo("urn:imei-msisdn:352656100367872-5551234567");
                assertThat(registration.getLifeTimeInSec()).isEqualTo(86400);
                assertThat(registration.getBindingMode().toString()).contains("U");
                assertThat(registration.getQueueMode()).isTrue();
                assertThat(registration.getObjectLinks()).isNotEmpty();
            });
        }
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void registrationUpdateReachesTheServerBeforeLifetimeExpiryInVirtualTime(CarrierSim sim) throws Exception {
        RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
        long registeredAt = sim.device().clock().nowMillis();
        long wallStart = System.nanoTime();
        assertThat(sim.device().clock().runUntil(() -> !dm102.updates.isEmpty(), Duration.ofDays(1))).isTrue();
        long updateAt = sim.device().clock().nowMillis();
        assertThat(updateAt - registeredAt).isLessThan(Duration.ofDays(1).toMillis()).isGreaterThan(Duration.ofHours(12).toMillis());
        assertThat((System.nanoTime() - wallStart) / 1_000_000).as("a day of lifetime in wall ms").isLessThan(10_000);
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void lifetimeWrittenByTheServerTriggersAnUpdateCarryingTheNewLifetimeAndMovesTheUpdateTimer(CarrierSim sim) throws Exception {
        LeshanServer server = sim.carrier().dmServer(102);
        List<Long> announcedLifetimes = Collections.synchronizedList(new ArrayList<>());
        server.getRegistrationService().addListener(new RegistrationRecorder() {
            @Override
            public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
                announcedLifetimes.add(update.getLifeTimeInSec());
            }
        });
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
        Registration registration = server.getRegistrationService().getAllRegistrations().next();
        int serverInstance = sim.serverObjectInstance(102);

        WriteResponse written = sim.carrier().send(102, registration, new WriteRequest(1, serverInstance, 1, 3600L), Duration.ofSeconds(5));
        assertThat(written.isSuccess()).as(String.valueOf(written)).isTrue();
        long writtenAt = sim.device().clock().nowMillis();
        assertThat(sim.device().clock().runUntil(() -> !announcedLifetimes.isEmpty(), Duration.ofMinutes(1))).isTrue();
        assertThat(announcedLifetimes).containsExactly(3600L);
        assertThat(server.getRegistrationService().getById(registration.getId()).getLifeTimeInSec()).isEqualTo(3600L);

        // The next periodic update now comes before the new, shorter lifetime runs out.
        assertThat(sim.device().clock().runUntil(() -> announcedLifetimes.size() == 2, Duration.ofHours(1))).isTrue();
        assertThat(sim.device().clock().nowMillis() - writtenAt).isLessThan(Duration.ofHours(1).toMillis());
        assertThat(announcedLifetimes.get(1)).as("an unchanged lifetime is not repeated").isNull();
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void registrationUpdateTriggerExecutedByTheServerSendsAnUpdate(CarrierSim sim) throws Exception {
        RegistrationRecorder recorder = RegistrationRecorder.at(sim, 101);
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
        assertThat(sim.device().clock().runUntil(() -> !recorder.registrations.isEmpty(), Duration.ofMinutes(5))).isTrue();
        Registration registration = recorder.registrations.get(0);

        ExecuteResponse executed = sim.carrier().send(101, registration, new ExecuteRequest(1, sim.serverObjectInstance(101), 8), Duration.ofSeconds(5));
        assertThat(executed.isSuccess()).as(String.valueOf(executed)).isTrue();
        assertThat(sim.device().clock().runUntil(() -> !recorder.updates.isEmpty(), Duration.ofMinutes(1))).isTrue();
        assertThat(recorder.updates).containsExactly(registration.getEndpoint());
    }

    @Test
    void disabledQueueModeRegistersWithoutQ() throws Exception {
        try (CarrierSim sim = CarrierSim.builder("verizon").config(CarrierConfig.builder().disableQueueMode(true).build()).build()) {
            RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.device().clock().runUntil(() -> !dm102.registrations.isEmpty(), Duration.ofMinutes(5))).isTrue();
            assertThat(dm102.registrations.get(0).getQueueMode()).isFalse();
            assertThat(dm102.registrations.get(0).getBindingMode().toString()).contains("U");
        }
    }

    @Test
    void onlyTheCarrierEngineTalksToDmServersAfterBootstrap() throws Exception {
        // DM servers named by address, so Leshan's bootstrap client could reach them without the simulated resolver.
        try (CarrierSim sim = CarrierSim.builder("verizon")
                .carrierOptions(SimulatedCarrier.Options.defaults().withDmUrisAsAddresses(true)).build()) {
            RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
            RegistrationRecorder dm101 = RegistrationRecorder.at(sim, 101);
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.device().clock().runUntil(() -> dm102.registrations.size() + dm101.registrations.size() == 2,
                    Duration.ofMinutes(5))).isTrue();
            sim.device().clock().advance(Duration.ofMinutes(1));
            assertThat(dm102.registrations).hasSize(1);
            assertThat(dm101.registrations).hasSize(1);
            assertThat(sim.carrier().dmHandshakes(102)).as("one session: the carrier engine's").isEqualTo(1);
            assertThat(sim.carrier().dmHandshakes(101)).isEqualTo(1);
        }
    }
}
