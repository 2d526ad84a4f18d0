package io.carrieremu.os.sim.junit;

import static io.carrieremu.os.sim.carrier.Exchange.answeredWith;
import static io.carrieremu.os.sim.carrier.Exchange.operation;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.EventType;
import io.carrieremu.os.sim.carrier.Exchange;
import io.carrieremu.os.sim.scenario.CarrierFault;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Acceptance: with the extension alone a test reaches REGISTERED, injects a fault, and asserts on an exchange and a DEFERRED. */
@CarrierSimTest(sim = "verizon", faults = CarrierFault.SERVER_UNAVAILABLE)
class CarrierSimExtensionTest {

    @Test
    void maintenanceDefersThenTheRegisterCarriesTheEndpointAndBinding(CarrierSim sim) {
        assertThat(sim.await(EventType.DEFERRED, Duration.ofHours(1)))
                .isEqualTo(new CarrierEvent.Deferred(DeferredReason.SERVICE_UNAVAILABLE, 120));
        sim.carrier().restoreDmServer(102);
        assertThat(sim.runUntil(EventType.REGISTERED, Duration.ofHours(1))).isTrue();
        Exchange register = sim.exchanges().await(operation("Register").and(answeredWith("2.01")), Duration.ZERO);
        assertThat(register.endpoint()).isEqualTo("urn:imei-msisdn:352656100367872-5551234567");
        assertThat(register.queryParam("b")).hasValue("U");
    }
}
