package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.CarrierConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The vendor's first-boot sequence on the simulated device against the simulated carrier, real DTLS. */
class FirstBootTest {

    @Test
    void verizonFirstBootEmitsTheVendorSequenceAndTheSecondBootDoesNotBootstrap() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 2, Duration.ofHours(1))).as(harness.device.transcript().print()).isTrue();
            assertThat(harness.eventTypes()).containsExactly(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP);
            assertThat(harness.carrier.bootstrapSessions()).containsExactly("urn:imei-msisdn:352656100367872-5551234567");

            harness.device.reboot();
            harness.device.clock().advance(Duration.ofMinutes(10));
            assertThat(harness.eventsPerBoot).hasSize(2);
            assertThat(harness.eventsPerBoot.get(1)).as("second boot").doesNotContain(BOOTSTRAPPED, LTE_LINK_DOWN);
            assertThat(harness.carrier.bootstrapSessions()).hasSize(1);
        }
    }
}
