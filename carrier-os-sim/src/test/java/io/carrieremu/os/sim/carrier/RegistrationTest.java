package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.CarrierConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.eclipse.leshan.core.observation.Observation;
import org.junit.jupiter.api.Test;

/** Registration to the DM servers the bootstrap server named, on the simulated device and carrier. */
class RegistrationTest {

    /** Records registrations and updates a DM server saw. */
    static final class Recorder implements RegistrationListener {
        final List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());
        final List<String> updates = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void registered(Registration registration, Registration previousReg, Collection<Observation> previousObservations) {
            registrations.add(registration);
        }

        @Override
        public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
            updates.add(updatedReg.getEndpoint());
        }

        @Override
        public void unregistered(Registration registration, Collection<Observation> observations, boolean expired, Registration newReg) {
        }
    }

    @Test
    void verizonFirstBootEndsRegisteredAtBothServersWithItsEndpointNameBindingAndObjects() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults())) {
            Recorder dm102 = new Recorder();
            Recorder dm101 = new Recorder();
            harness.carrier.dmServer(102).getRegistrationService().addListener(dm102);
            harness.carrier.dmServer(101).getRegistrationService().addListener(dm101);
            harness.boot();
            assertThat(harness.runUntil(REGISTERED, 1, Duration.ofHours(1))).as(harness.device.transcript().print()).isTrue();
            harness.device.clock().runUntilIdle();
            assertThat(harness.eventTypes()).containsExactly(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP, REGISTERED);
            for (Recorder server : List.of(dm102, dm101)) {
                assertThat(server.registrations).singleElement().satisfies(registration -> {
                    assertThat(registration.getEndpoint()).isEqualTo("urn:imei-msisdn:352656100367872-5551234567");
                    assertThat(registration.getLifeTimeInSec()).isEqualTo(86400);
                    assertThat(registration.getBindingMode().toString()).contains("U");
                    assertThat(registration.getQueueMode()).isTrue();
                    assertThat(registration.getObjectLinks()).isNotEmpty();
                });
            }
        }
    }

    @Test
    void registrationUpdateReachesTheServerBeforeLifetimeExpiryInVirtualTime() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults())) {
            Recorder dm102 = new Recorder();
            harness.carrier.dmServer(102).getRegistrationService().addListener(dm102);
            harness.boot();
            assertThat(harness.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            long registeredAt = harness.device.clock().nowMillis();
            long wallStart = System.nanoTime();
            assertThat(harness.device.clock().runUntil(() -> !dm102.updates.isEmpty(), Duration.ofDays(1))).isTrue();
            long updateAt = harness.device.clock().nowMillis();
            assertThat(updateAt - registeredAt).isLessThan(Duration.ofDays(1).toMillis()).isGreaterThan(Duration.ofHours(12).toMillis());
            assertThat((System.nanoTime() - wallStart) / 1_000_000).as("a day of lifetime in wall ms").isLessThan(10_000);
        }
    }
}
