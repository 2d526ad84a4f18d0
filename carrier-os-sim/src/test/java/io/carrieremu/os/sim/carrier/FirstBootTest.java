package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.storage.BootstrapStateStore;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The vendor's first-boot sequence on the simulated device against the simulated carrier, real DTLS. */
class FirstBootTest {

    @Test
    void verizonFirstBootEmitsTheVendorSequenceAndTheSecondBootDoesNotBootstrap() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(REGISTERED, 1, Duration.ofHours(1))).as(harness.device.transcript().print()).isTrue();
            assertThat(harness.eventTypes()).containsExactly(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP,
                    REGISTERED);
            assertThat(harness.carrier.bootstrapSessions()).containsExactly("urn:imei-msisdn:352656100367872-5551234567");
            ServerAccounts stored = new BootstrapStateStore(harness.device.storage()).load().orElseThrow().config();
            assertThat(stored.bootstrapServer()).hasValueSatisfying(bs -> {
                assertThat(bs.serverUri()).isEqualTo("coaps://boot.lwm2m.vzwdm.com:5684");
                assertThat(bs.clientHoldOffSeconds()).isEqualTo(SimulatedCarrier.CLIENT_HOLD_OFF_SECONDS);
            });
            assertThat(stored.dmServers()).extracting(SecurityInstance::shortServerId).containsExactlyInAnyOrder(101, 102);
            assertThat(stored.server(102)).hasValueSatisfying(server -> assertThat(server.lifetimeSeconds()).isEqualTo(86400));
            assertThat(harness.device.transcript().lines(Transcript.Kind.AT_COMMAND))
                    .contains("AT%CMNG=0,25,3,[34 characters redacted]")
                    .anyMatch(line -> line.startsWith("AT%CMNG=0,26,3,"))
                    .anyMatch(line -> line.startsWith("AT%CMNG=0,27,3,"));
            assertThat(harness.device.modem().credential(25, 3)).as("the key, kept out of the transcript")
                    .contains("0102030405060708090a0b0c0d0e0f10");

            harness.device.reboot();
            assertThat(harness.runUntil(REGISTERED, 2, Duration.ofHours(1))).isTrue();
            assertThat(harness.eventsPerBoot()).hasSize(2);
            assertThat(harness.eventsPerBoot().get(1)).as("second boot").containsExactly(REGISTERED);
            assertThat(harness.carrier.bootstrapSessions()).hasSize(1);
        }
    }
}
