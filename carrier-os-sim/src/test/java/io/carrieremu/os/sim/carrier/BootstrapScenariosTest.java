package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.DEFERRED;
import static io.carrieremu.core.event.EventType.ERROR;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REBOOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.storage.BootstrapStateStore;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import io.carrieremu.os.sim.sim.UiccFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bootstrap sources, re-bootstrap triggers and failures of carrier core I, on the simulated device and carrier. */
class BootstrapScenariosTest {

    private static final List<EventType> FIRST_BOOT = List.of(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP);
    private static final Duration HOUR = Duration.ofHours(1);

    private static CarrierConfig genericWithCustomBootstrap(String uri, int secTag) {
        return CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri(uri).isBootstrapServer(true).serverSecTag(secTag).build();
    }

    @Test
    void unknownSubscriberWithoutGenericIsConnectEnotsupAndNothingConnects() throws Exception {
        CarrierConfig allButGeneric = CarrierConfig.builder().carriersEnabled(0x7A).build();
        try (CarrierHarness harness = new CarrierHarness(SimProfiles.unknownOperator(), "unknown", Carrier.VERIZON, null,
                allButGeneric).boot()) {
            assertThat(harness.runUntil(ERROR, 1, HOUR)).isTrue();
            harness.device.clock().advance(Duration.ofDays(1));
            assertThat(harness.events).containsExactly(new CarrierEvent.Error(ErrorType.CONNECT, Errno.ENOTSUP));
            assertThat(harness.device.transcript().lines(io.carrieremu.os.sim.transcript.Transcript.Kind.DATAGRAM_OUT)).isEmpty();
        }
    }

    @Test
    void tMobileFirstBootFollowsTheVendorSequence() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("t-mobile", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(harness.eventTypes()).containsExactlyElementsOf(FIRST_BOOT);
            assertThat(harness.carrier.bootstrapSessions()).containsExactly("urn:imei:352656100367872");
        }
    }

    @Test
    void genericModeBootstrapsFromTheCustomUriWithTheConfiguredSecTag() throws Exception {
        CarrierConfig config = genericWithCustomBootstrap("coaps://bs.custom.example.invalid:5684", 42);
        try (CarrierHarness harness = new CarrierHarness(SimProfiles.unknownOperator(), "unknown", Carrier.GENERIC,
                "coaps://bs.custom.example.invalid:5684", config)) {
            harness.provision(42, CarrierHarness.BOOTSTRAP_KEY);
            harness.boot();
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(harness.eventTypes()).containsExactlyElementsOf(FIRST_BOOT);
            assertThat(harness.carrier.bootstrapSessions()).containsExactly("urn:imei:352656100367872");
            assertThat(harness.device.transcript().print()).contains("AT%CMNG=0,43,3,").contains("AT%CMNG=0,44,3,");
        }
    }

    @Test
    void smartcardBootstrapRecordWinsOverTheCustomUri() throws Exception {
        String simServer = "coaps://bs.from-sim.example.invalid:5684";
        byte[] identity = "urn:imei:352656100367872".getBytes(StandardCharsets.UTF_8);
        SimCard card = SimProfiles.builder("t-mobile").files(SmartcardBootstrap.files(SimProfiles.tMobile().iccid(),
                List.of(SmartcardBootstrap.Instance.security(0, simServer, true, identity, CarrierHarness.BOOTSTRAP_KEY, 0, 0)),
                SmartcardBootstrap.OidEncoding.TLV_AS_VALUE)).build();
        CarrierConfig custom = CarrierConfig.builder().carriers(Carrier.T_MOBILE)
                .serverUri("coaps://bs.custom.example.invalid:5684").isBootstrapServer(true).build();
        try (CarrierHarness harness = new CarrierHarness(card, "t-mobile", Carrier.T_MOBILE, simServer, custom).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(harness.eventTypes()).containsExactlyElementsOf(FIRST_BOOT);
            assertThat(harness.carrier.bootstrapSessions()).hasSize(1);
            assertThat(harness.device.transcript().print()).contains("DNS: bs.from-sim.example.invalid:5684")
                    .doesNotContain("bs.custom.example.invalid");
        }
    }

    @Test
    void malformedSmartcardRecordIsReportedAndTheFactoryProfileIsUsed() throws Exception {
        Map<Integer, byte[]> files = Map.of(SmartcardBootstrap.ODF_FID, SmartcardBootstrap.odf(SmartcardBootstrap.DODF_FID),
                SmartcardBootstrap.DODF_FID, SmartcardBootstrap.dodf(SmartcardBootstrap.BOOTSTRAP_FID, SmartcardBootstrap.OidEncoding.DER),
                SmartcardBootstrap.BOOTSTRAP_FID, new byte[] {0, 1, 0, 40, 0, 0, 0, 0, 9});
        SimCard card = SimProfiles.builder("verizon").files(UiccFiles.withPkcs15(SimProfiles.verizon().iccid(), files)).build();
        try (CarrierHarness harness = new CarrierHarness(card, "verizon", Carrier.VERIZON, null, CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(harness.events.get(0)).isEqualTo(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.EBADMSG));
            assertThat(harness.eventTypes().subList(1, 6)).containsExactlyElementsOf(FIRST_BOOT);
        }
    }

    @Test
    void missingMsisdnDefersUntilItAppears() throws Exception {
        SimCard card = SimProfiles.builder("verizon").msisdnAppearsAfter(Duration.ofMinutes(5)).build();
        try (CarrierHarness harness = new CarrierHarness(card, "verizon", Carrier.VERIZON, null, CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(harness.events.subList(0, 3)).containsExactly(
                    new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, 120),
                    new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, 240),
                    new CarrierEvent.LteLinkDown());
            assertThat(harness.timesOf(LTE_LINK_DOWN).get(0)).as("after the MSISDN appeared").isEqualTo(360_000L);
            assertThat(harness.eventTypes().subList(2, 7)).containsExactlyElementsOf(FIRST_BOOT);
        }
    }

    @Test
    void credentialWriteWhileLinkedIsEaccesAndRetriedAfter24Hours() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults())) {
            harness.ignoreNextLinkDown();
            harness.boot();
            assertThat(harness.runUntil(LTE_LINK_UP, 2, Duration.ofDays(2))).isTrue();
            assertThat(harness.events.subList(0, 2)).containsExactly(new CarrierEvent.LteLinkDown(),
                    new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.EACCES));
            List<Long> linkDowns = harness.timesOf(LTE_LINK_DOWN);
            assertThat(linkDowns.get(1) - linkDowns.get(0)).isEqualTo(Duration.ofHours(24).toMillis());
            assertThat(harness.eventTypes().subList(2, 7)).containsExactlyElementsOf(FIRST_BOOT);
        }
    }

    @Test
    void droppedBootstrapFinishDefersWithBootstrapSequenceAndRetriesOnSchedule() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults())) {
            harness.carrier.dropBootstrapFinish(true);
            harness.onEvent(event -> {
                if (event.type() == DEFERRED) {
                    harness.carrier.dropBootstrapFinish(false);
                }
                return 0;
            });
            harness.boot();
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(harness.events).contains(new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_SEQUENCE, 120));
            long deferredAt = harness.timesOf(DEFERRED).get(0);
            assertThat(harness.timesOf(BOOTSTRAPPED).get(0)).isGreaterThanOrEqualTo(deferredAt + 120_000);
            assertThat(harness.carrier.bootstrapSessions()).hasSize(2);
        }
    }

    @Test
    void unreachableBootstrapServerDefersWithNoRouteOnTheVerizonSchedule() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults())) {
            harness.carrier.makeBootstrapUnreachable();
            harness.boot();
            assertThat(harness.runUntil(ERROR, 1, Duration.ofDays(1))).isTrue();
            assertThat(harness.events.stream().filter(e -> e.type() == DEFERRED).toList()).containsExactly(
                    new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 120),
                    new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 240),
                    new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 360),
                    new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 480));
            assertThat(harness.events.get(harness.events.size() - 1))
                    .isEqualTo(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));
        }
    }

    @Test
    void simSwapToAnotherCarrierRebootsAndBootstrapsAgain() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            var tMobile = CarrierProfiles.builtIn().of(Carrier.T_MOBILE).orElseThrow();
            try (SimulatedCarrier tMobileSide = SimulatedCarrier.start(tMobile, harness.device.transport(),
                    CarrierHarness.deviceFor(tMobile, SimProfiles.tMobile()), CarrierHarness.TIMING)) {
                harness.device.swapSim(SimProfiles.tMobile());
                harness.device.reboot();
                assertThat(harness.runUntil(LTE_LINK_UP, 4, HOUR)).isTrue();
                assertThat(harness.eventsPerBoot().get(1)).containsExactly(REBOOT);
                assertThat(harness.eventsPerBoot().get(2)).containsExactlyElementsOf(FIRST_BOOT);
                assertThat(tMobileSide.bootstrapSessions()).containsExactly("urn:imei:352656100367872");
            }
        }
    }

    @Test
    void changedServerSettingsMeanANewBootstrapAndUnchangedOnesDoNot() throws Exception {
        String uri = "coaps://bs.custom.example.invalid:5684";
        try (CarrierHarness harness = new CarrierHarness(SimProfiles.unknownOperator(), "unknown", Carrier.GENERIC, uri,
                genericWithCustomBootstrap(uri, 42))) {
            harness.provision(42, CarrierHarness.BOOTSTRAP_KEY);
            harness.boot();
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();

            harness.device.reboot();
            harness.device.clock().advance(Duration.ofMinutes(10));
            assertThat(harness.eventsPerBoot().get(1)).as("same settings").containsExactly(EventType.REGISTERED);

            harness.config(genericWithCustomBootstrap(uri, 42).toBuilder().serverLifetime(600).build());
            harness.device.reboot();
            assertThat(harness.runUntil(LTE_LINK_UP, 4, HOUR)).isTrue();
            assertThat(harness.eventsPerBoot().get(2)).as("changed settings").containsExactlyElementsOf(FIRST_BOOT);
            assertThat(harness.carrier.bootstrapSessions()).hasSize(2);
        }
    }

    @Test
    void corruptStoredStateIsTreatedAsNotBootstrapped() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            byte[] record = harness.device.storage().read(BootstrapStateStore.RECORD_ID).orElseThrow();
            record[record.length - 1] ^= 0x55;
            harness.device.storage().write(BootstrapStateStore.RECORD_ID, record);
            harness.device.reboot();
            assertThat(harness.runUntil(LTE_LINK_UP, 4, HOUR)).isTrue();
            assertThat(harness.eventsPerBoot().get(1)).containsExactlyElementsOf(FIRST_BOOT);
            assertThat(harness.carrier.bootstrapSessions()).hasSize(2);
        }
    }
}
