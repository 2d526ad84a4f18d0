package io.carrieremu.os.sim.scenario;

import static io.carrieremu.os.sim.carrier.Exchange.operation;
import static io.carrieremu.os.sim.carrier.Exchange.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.event.Numbering;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.SimulatedApplication;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.carrier.Exchange;
import io.carrieremu.os.sim.carrier.SimulatedCarrier;
import io.carrieremu.os.sim.network.SimNetwork;
import io.carrieremu.os.sim.clock.VirtualClock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ready-made world: provisioning by the core's identity rules, the exchange log, custom servers, both numberings. */
class CarrierSimTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void exchangeLogRecordsTheBootstrapAndTheRegistrationPerServerWithVirtualTimes() {
        try (CarrierSim sim = CarrierSim.builder("verizon").build().start()) {
            assertThat(sim.runUntil(EventType.REGISTERED, HOUR)).isTrue();
            List<String> bootstrap = sim.exchanges().of("bootstrap").stream().map(Exchange::operation).toList();
            assertThat(bootstrap).startsWith("Bootstrap-Request", "Delete", "Delete").endsWith("Bootstrap-Finish").contains("Write");
            Exchange request = sim.exchanges().first(operation("Bootstrap-Request")).orElseThrow();
            assertThat(request.code()).isEqualTo("2.04");
            assertThat(request.endpoint()).isEqualTo(sim.endpoint());
            assertThat(sim.exchanges().matching(operation("Write").and(server("bootstrap"))))
                    .as("bootstrap writes carry keys: only format and size are shown")
                    .allSatisfy(write -> assertThat(write.payload()).doesNotContain(":").contains("bytes"));
            for (int ssid : List.of(101, 102)) {
                Exchange register = sim.exchanges().ofDmServer(ssid).get(0);
                assertThat(register.operation()).isEqualTo("Register");
                assertThat(register.code()).isEqualTo("2.01");
                assertThat(register.queryParam("lt")).hasValue("86400");
                assertThat(register.payload()).startsWith("application/link-format").contains("</3/0>");
                assertThat(register.responseAt()).isGreaterThanOrEqualTo(register.requestAt())
                        .isLessThanOrEqualTo(sim.clock().nowMillis());
            }
        }
    }

    @Test
    void awaitRunsTheWorldUntilTheExchangeAndNamesWhatItSawWhenNoneCame() {
        try (CarrierSim sim = CarrierSim.builder("verizon").build().start()) {
            Exchange register = sim.exchanges().await(operation("Register").and(server("dm102")), HOUR);
            assertThat(register.answered()).isTrue();
            assertThat(sim.clock().nowMillis()).isGreaterThanOrEqualTo(register.responseAt());
            assertThatThrownBy(() -> sim.exchanges().await(operation("De-register"), Duration.ofMinutes(1)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("no matching exchange").hasMessageContaining("Register");
        }
    }

    @Test
    void oneCarrierServesManyDevicesInOneWorldEachByItsOwnEndpointName() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimNetwork world = new SimNetwork(clock, 7);
        SimulatedDevice first = SimulatedDevice.builder().profile("verizon").imei("352656100367872").transport(world).build();
        SimulatedDevice second = SimulatedDevice.builder().profile("verizon").imei("352656100360001").transport(world).build();
        try (first; second; SimulatedCarrier carrier = SimulatedCarrier.start(CarrierProfiles.builtIn().of(Carrier.VERIZON).orElseThrow(),
                world, TransportTiming.STANDARD, SimulatedCarrier.Options.defaults())) {
            SimulatedCarrier.Device a = carrier.provision(first).orElseThrow();
            SimulatedCarrier.Device b = carrier.provision(second).orElseThrow();
            assertThat(a.endpoint()).isEqualTo("urn:imei-msisdn:352656100367872-5551234567");
            assertThat(b.endpoint()).isEqualTo("urn:imei-msisdn:352656100360001-5551234567");
            SimulatedApplication appA = SimulatedApplication.builder(first, CarrierConfig.defaults()).build().start();
            SimulatedApplication appB = SimulatedApplication.builder(second, CarrierConfig.defaults()).build().start();
            assertThat(clock.runUntil(() -> appA.count(EventType.REGISTERED) == 1 && appB.count(EventType.REGISTERED) == 1, HOUR)).isTrue();
            assertThat(carrier.exchanges().matching(operation("Register").and(server("dm102"))))
                    .extracting(Exchange::endpoint).containsExactlyInAnyOrder(a.endpoint(), b.endpoint());
            appA.stop();
            appB.stop();
            clock.runUntilIdle();
        }
    }

    @Test
    void customDmServerInGenericModeIsSimulatedAndRegistersWithoutBootstrap() {
        CarrierConfig config = CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri("coaps://dm.example.invalid:5684")
                .isBootstrapServer(false).serverSecTag(2000).appPsk(Psk.ofHex("00112233445566778899aabbccddeeff")).build();
        try (CarrierSim sim = CarrierSim.builder("unknown").config(config).build().start()) {
            assertThat(sim.runUntil(EventType.REGISTERED, HOUR)).as(sim.application().eventTypes().toString()).isTrue();
            assertThat(sim.application().eventTypes()).doesNotContain(EventType.BOOTSTRAPPED, EventType.DEFERRED);
            assertThat(sim.exchanges().of("bootstrap")).isEmpty();
            assertThat(sim.exchanges().first(operation("Register")).orElseThrow().endpoint()).isEqualTo(sim.endpoint());
        }
    }

    @Test
    void customBootstrapServerInGenericModeBootstrapsFromIt() {
        CarrierConfig config = CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri("coaps://bs.example.invalid:5684")
                .isBootstrapServer(true).serverSecTag(2000).appPsk(Psk.ofBytes(HexFormat.of().parseHex("a0a1a2a3a4a5a6a7"))).build();
        try (CarrierSim sim = CarrierSim.builder("unknown").config(config).build().start()) {
            assertThat(sim.runUntil(EventType.REGISTERED, HOUR)).isTrue();
            assertThat(sim.exchanges().of("bootstrap")).extracting(Exchange::operation).contains("Bootstrap-Request", "Bootstrap-Finish");
        }
    }

    @Test
    void bootstrapRetryLimitIsConnectEhostunreachIn37AndBootstrapEtimedoutIn33() {
        for (Numbering numbering : Numbering.values()) {
            CarrierConfig config = CarrierConfig.builder().numbering(numbering).build();
            try (CarrierSim sim = CarrierSim.builder("verizon").config(config).faults(CarrierFault.BOOTSTRAP_UNREACHABLE).build().start()) {
                CarrierEvent error = sim.await(EventType.ERROR, Duration.ofDays(1));
                assertThat(error).as(numbering.name()).isEqualTo(numbering == Numbering.V3_7
                        ? new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH)
                        : new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.ETIMEDOUT));
                assertThat(sim.application().count(EventType.DEFERRED)).isEqualTo(4);
            }
        }
    }

    /** Guide table ERROR_BOOTSTRAP row -EACCES: keys written while the LTE link is up; the same in both generations. */
    @Test
    void pskProvisioningWithTheLinkUpIsBootstrapEaccesInBothGenerations() {
        for (Numbering numbering : Numbering.values()) {
            try (CarrierSim sim = CarrierSim.builder("verizon").config(CarrierConfig.builder().numbering(numbering).build()).build()) {
                sim.application().ignoreNext(EventType.LTE_LINK_DOWN);
                sim.start();
                assertThat(sim.await(EventType.ERROR, HOUR)).as(numbering.name())
                        .isEqualTo(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.EACCES));
            }
        }
    }

    /** The third retry limit: the PDN's. It is the link that fails, not a server, so it is not ERROR{CONNECT, -EHOSTUNREACH}. */
    @Test
    void pdnRetryLimitIsLteLinkUpFailWithTheActivationsErrno() throws Exception {
        String json = new String(CarrierProfiles.class.getResourceAsStream(CarrierProfiles.RESOURCE).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        int generic = json.indexOf("\"id\": \"generic\"");
        String pdnRetry = "\"pdnRetry\": {\n        \"delaysSeconds\": [2, 60, 1800],\n        \"whenExhausted\": \"repeat-last\"";
        int at = json.indexOf(pdnRetry, generic);
        assertThat(at).as("the generic profile's PDN schedule").isPositive();
        String givingUp = json.substring(0, at) + pdnRetry.replace("repeat-last", "give-up") + json.substring(at + pdnRetry.length());
        CarrierConfig config = CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri("coaps://bs.example.invalid:5684")
                .isBootstrapServer(true).serverSecTag(2000).appPsk(Psk.ofHex("00112233445566778899aabbccddeeff"))
                .apn("iot.example.invalid").build();
        try (CarrierSim sim = CarrierSim.builder("unknown").profiles(CarrierProfiles.parse("test", givingUp)).config(config)
                .faults(CarrierFault.PDN_REJECT).build().start()) {
            assertThat(sim.await(EventType.ERROR, HOUR)).isEqualTo(new CarrierEvent.Error(ErrorType.LTE_LINK_UP_FAIL, Errno.ENOEXEC));
            assertThat(sim.events().stream().filter(e -> e.type() == EventType.DEFERRED)).hasSize(3);
        }
    }

    @Test
    void softbankIsAskedToRegisterByTheApplication() {
        try (CarrierSim sim = CarrierSim.builder("softbank").build().start()) {
            assertThat(sim.runUntil(EventType.REGISTERED, HOUR)).isTrue();
            LwM2mCarrier library = sim.application().carrier();
            assertThat(library).isNotNull();
        }
    }

    @Test
    void aPdnRejectFaultNeedsACustomApn() {
        assertThatThrownBy(() -> CarrierSim.builder("unknown").faults(CarrierFault.PDN_REJECT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("custom APN");
    }
}
