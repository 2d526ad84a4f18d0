package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.storage.BootstrapStateStore;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The vendor's first-boot sequence on the simulated device against the simulated carrier, real DTLS. */
@CarrierSimTest(sim = "verizon")
class FirstBootTest {

    @Test
    void verizonFirstBootEmitsTheVendorSequenceAndTheSecondBootDoesNotBootstrap(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).as(sim.transcript().print()).isTrue();
        assertThat(sim.application().eventTypes()).containsExactly(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED,
                LTE_LINK_UP, REGISTERED);
        assertThat(sim.carrier().bootstrapSessions()).containsExactly("urn:imei-msisdn:352656100367872-5551234567");
        ServerAccounts stored = new BootstrapStateStore(sim.device().storage()).load().orElseThrow().config();
        assertThat(stored.bootstrapServer()).hasValueSatisfying(bs -> {
            assertThat(bs.serverUri()).isEqualTo("coaps://boot.lwm2m.vzwdm.com:5684");
            assertThat(bs.clientHoldOffSeconds()).isEqualTo(SimulatedCarrier.CLIENT_HOLD_OFF_SECONDS);
        });
        assertThat(stored.dmServers()).extracting(SecurityInstance::shortServerId).containsExactlyInAnyOrder(101, 102);
        assertThat(stored.server(102)).hasValueSatisfying(server -> assertThat(server.lifetimeSeconds()).isEqualTo(86400));
        assertThat(sim.transcript().lines(Transcript.Kind.AT_COMMAND))
                .contains("AT%CMNG=0,25,3,[34 characters redacted]")
                .anyMatch(line -> line.startsWith("AT%CMNG=0,26,3,"))
                .anyMatch(line -> line.startsWith("AT%CMNG=0,27,3,"));
        assertThat(sim.device().modem().credential(25, 3)).as("the key, kept out of the transcript")
                .contains(HexFormat.of().formatHex(sim.provisioned().orElseThrow().bootstrapKey()));

        sim.device().reboot();
        assertThat(sim.runUntil(REGISTERED, 2, Duration.ofHours(1))).isTrue();
        assertThat(sim.application().eventsPerBoot()).hasSize(2);
        assertThat(sim.application().eventsPerBoot().get(1)).as("second boot").containsExactly(REGISTERED);
        assertThat(sim.carrier().bootstrapSessions()).hasSize(1);
    }
}
