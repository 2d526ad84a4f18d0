package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.DEFERRED;
import static io.carrieremu.core.event.EventType.ERROR;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REBOOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.api.ModemMode;
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
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import io.carrieremu.os.sim.sim.UiccFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Bootstrap sources, re-bootstrap triggers and failures of carrier core I, on the simulated device and carrier. */
class BootstrapScenariosTest {

    private static final List<EventType> FIRST_BOOT = List.of(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP);
    private static final Duration HOUR = Duration.ofHours(1);
    /** The bootstrap key a SIM bootstrap record carries (and the carrier's bootstrap server expects). */
    private static final byte[] SIM_RECORD_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");

    private static CarrierConfig genericWithCustomBootstrap(String uri, int secTag) {
        return CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri(uri).isBootstrapServer(true).serverSecTag(secTag).build();
    }

    @Test
    void unknownSubscriberWithoutGenericIsConnectEnotsupAndNothingConnects() throws Exception {
        CarrierConfig allButGeneric = CarrierConfig.builder().carriersEnabled(0x7A).build();
        try (CarrierSim sim = CarrierSim.builder("unknown").config(allButGeneric).build().start()) {
            assertThat(sim.runUntil(ERROR, 1, HOUR)).isTrue();
            sim.device().clock().advance(Duration.ofDays(1));
            assertThat(sim.events()).containsExactly(new CarrierEvent.Error(ErrorType.CONNECT, Errno.ENOTSUP));
            assertThat(sim.device().transcript().lines(io.carrieremu.os.sim.transcript.Transcript.Kind.DATAGRAM_OUT)).isEmpty();
        }
    }

    @Test
    @CarrierSimTest(sim = "t-mobile")
    void tMobileFirstBootFollowsTheVendorSequence(CarrierSim sim) {
        assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
        assertThat(sim.application().eventTypes()).containsExactlyElementsOf(FIRST_BOOT);
        assertThat(sim.carrier().bootstrapSessions()).containsExactly("urn:imei:352656100367872");
    }

    @Test
    void genericModeBootstrapsFromTheCustomUriWithTheConfiguredSecTag() throws Exception {
        CarrierConfig config = genericWithCustomBootstrap("coaps://bs.custom.example.invalid:5684", 42);
        // The custom server's key is in sec tag 42, where the configuration says.
        try (CarrierSim sim = CarrierSim.builder("unknown").config(config).build().start()) {
            assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(sim.application().eventTypes()).containsExactlyElementsOf(FIRST_BOOT);
            assertThat(sim.carrier().bootstrapSessions()).containsExactly("urn:imei:352656100367872");
            assertThat(sim.device().transcript().print()).contains("AT%CMNG=0,43,3,").contains("AT%CMNG=0,44,3,");
        }
    }

    @Test
    void smartcardBootstrapRecordWinsOverTheCustomUri() throws Exception {
        String simServer = "coaps://bs.from-sim.example.invalid:5684";
        byte[] identity = "urn:imei:352656100367872".getBytes(StandardCharsets.UTF_8);
        SimCard card = SimProfiles.builder("t-mobile").files(SmartcardBootstrap.files(SimProfiles.tMobile().iccid(),
                List.of(SmartcardBootstrap.Instance.security(0, simServer, true, identity, SIM_RECORD_KEY, 0, 0)),
                SmartcardBootstrap.OidEncoding.TLV_AS_VALUE)).build();
        CarrierConfig custom = CarrierConfig.builder().carriers(Carrier.T_MOBILE)
                .serverUri("coaps://bs.custom.example.invalid:5684").isBootstrapServer(true).build();
        // The carrier's bootstrap server is the one the SIM names, and knows the record's key.
        try (CarrierSim sim = CarrierSim.builder("t-mobile").sim(card).bootstrapKey(SIM_RECORD_KEY).config(custom)
                .carrierOptions(SimulatedCarrier.Options.defaults().withBootstrapUri(simServer)).build().start()) {
            assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(sim.application().eventTypes()).containsExactlyElementsOf(FIRST_BOOT);
            assertThat(sim.carrier().bootstrapSessions()).hasSize(1);
            assertThat(sim.device().transcript().print()).contains("DNS: bs.from-sim.example.invalid:5684")
                    .doesNotContain("bs.custom.example.invalid");
        }
    }

    @Test
    void malformedSmartcardRecordIsReportedAndTheFactoryProfileIsUsed() throws Exception {
        Map<Integer, byte[]> files = Map.of(SmartcardBootstrap.ODF_FID, SmartcardBootstrap.odf(SmartcardBootstrap.DODF_FID),
                SmartcardBootstrap.DODF_FID, SmartcardBootstrap.dodf(SmartcardBootstrap.BOOTSTRAP_FID, SmartcardBootstrap.OidEncoding.DER),
                SmartcardBootstrap.BOOTSTRAP_FID, new byte[] {0, 1, 0, 40, 0, 0, 0, 0, 9});
        SimCard card = SimProfiles.builder("verizon").files(UiccFiles.withPkcs15(SimProfiles.verizon().iccid(), files)).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").sim(card).build().start()) {
            assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(sim.events().get(0)).isEqualTo(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.EBADMSG));
            assertThat(sim.application().eventTypes().subList(1, 6)).containsExactlyElementsOf(FIRST_BOOT);
        }
    }

    @Test
    void missingMsisdnDefersUntilItAppears() throws Exception {
        SimCard card = SimProfiles.builder("verizon").msisdnAppearsAfter(Duration.ofMinutes(5)).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").sim(card).build().start()) {
            assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            assertThat(sim.events().subList(0, 3)).containsExactly(
                    new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, 120),
                    new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, 240),
                    new CarrierEvent.LteLinkDown());
            assertThat(sim.application().times(LTE_LINK_DOWN).get(0)).as("after the MSISDN appeared").isEqualTo(360_000L);
            assertThat(sim.application().eventTypes().subList(2, 7)).containsExactlyElementsOf(FIRST_BOOT);
        }
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void credentialWriteWhileLinkedIsEaccesAndRetriedAfter24Hours(CarrierSim sim) throws Exception {
        // A misbehaving application: it ignores the first LINK_DOWN but tells the library the link is down.
        sim.application().ignoreNext(LTE_LINK_DOWN);
        AtomicBoolean lied = new AtomicBoolean();
        sim.application().onEvent(event -> {
            if (event.type() == LTE_LINK_DOWN && lied.compareAndSet(false, true)) {
                sim.application().carrier().onModemCfun(ModemMode.LTE_DEACTIVATED);
            }
            return 0;
        });
        sim.start();
        assertThat(sim.runUntil(LTE_LINK_UP, 2, Duration.ofDays(2))).isTrue();
        assertThat(sim.events().subList(0, 2)).containsExactly(new CarrierEvent.LteLinkDown(),
                new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.EACCES));
        List<Long> linkDowns = sim.application().times(LTE_LINK_DOWN);
        assertThat(linkDowns.get(1) - linkDowns.get(0)).isEqualTo(Duration.ofHours(24).toMillis());
        assertThat(sim.application().eventTypes().subList(2, 7)).containsExactlyElementsOf(FIRST_BOOT);
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void droppedBootstrapFinishDefersWithBootstrapSequenceAndRetriesOnSchedule(CarrierSim sim) throws Exception {
        sim.carrier().dropBootstrapFinish(true);
        sim.application().onEvent(event -> {
            if (event.type() == DEFERRED) {
                sim.carrier().dropBootstrapFinish(false);
            }
            return 0;
        });
        sim.start();
        assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
        assertThat(sim.events()).contains(new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_SEQUENCE, 120));
        long deferredAt = sim.application().times(DEFERRED).get(0);
        assertThat(sim.application().times(BOOTSTRAPPED).get(0)).isGreaterThanOrEqualTo(deferredAt + 120_000);
        assertThat(sim.carrier().bootstrapSessions()).hasSize(2);
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void unreachableBootstrapServerDefersWithNoRouteOnTheVerizonSchedule(CarrierSim sim) throws Exception {
        sim.carrier().makeBootstrapUnreachable();
        sim.start();
        assertThat(sim.runUntil(ERROR, 1, Duration.ofDays(1))).isTrue();
        assertThat(sim.events().stream().filter(e -> e.type() == DEFERRED).toList()).containsExactly(
                new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 120),
                new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 240),
                new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 360),
                new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 480));
        assertThat(sim.events().get(sim.events().size() - 1))
                .isEqualTo(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));
    }

    @Test
    @CarrierSimTest(sim = "verizon")
    void simSwapToAnotherCarrierRebootsAndBootstrapsAgain(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
        var tMobile = CarrierProfiles.builtIn().of(Carrier.T_MOBILE).orElseThrow();
        // T-Mobile knows the device by its IMEI, with the factory key already in its modem.
        SimulatedCarrier.Device atVerizon = sim.provisioned().orElseThrow();
        String endpoint = "urn:imei:352656100367872";
        SimulatedCarrier.Device atTMobile = new SimulatedCarrier.Device(atVerizon.imei(), endpoint, endpoint,
                atVerizon.bootstrapKey(), atVerizon.dmKey());
        try (SimulatedCarrier tMobileSide = SimulatedCarrier.start(tMobile, sim.device().transport(), atTMobile,
                TransportTiming.STANDARD)) {
            sim.device().swapSim(SimProfiles.tMobile());
            sim.device().reboot();
            assertThat(sim.runUntil(LTE_LINK_UP, 4, HOUR)).isTrue();
            assertThat(sim.application().eventsPerBoot().get(1)).containsExactly(REBOOT);
            assertThat(sim.application().eventsPerBoot().get(2)).containsExactlyElementsOf(FIRST_BOOT);
            assertThat(tMobileSide.bootstrapSessions()).containsExactly(endpoint);
        }
    }

    @Test
    void changedServerSettingsMeanANewBootstrapAndUnchangedOnesDoNot() throws Exception {
        String uri = "coaps://bs.custom.example.invalid:5684";
        try (CarrierSim sim = CarrierSim.builder("unknown").config(genericWithCustomBootstrap(uri, 42)).build().start()) {
            assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();

            sim.device().reboot();
            sim.device().clock().advance(Duration.ofMinutes(10));
            assertThat(sim.application().eventsPerBoot().get(1)).as("same settings").containsExactly(EventType.REGISTERED);

            sim.application().config(genericWithCustomBootstrap(uri, 42).toBuilder().serverLifetime(600).build());
            sim.device().reboot();
            assertThat(sim.runUntil(LTE_LINK_UP, 4, HOUR)).isTrue();
            assertThat(sim.application().eventsPerBoot().get(2)).as("changed settings").containsExactlyElementsOf(FIRST_BOOT);
            assertThat(sim.carrier().bootstrapSessions()).hasSize(2);
        }
    }

    @Test
    @CarrierSimTest(sim = "verizon")
    void corruptStoredStateIsTreatedAsNotBootstrapped(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
        byte[] record = sim.device().storage().read(BootstrapStateStore.RECORD_ID).orElseThrow();
        record[record.length - 1] ^= 0x55;
        sim.device().storage().write(BootstrapStateStore.RECORD_ID, record);
        sim.device().reboot();
        assertThat(sim.runUntil(LTE_LINK_UP, 4, HOUR)).isTrue();
        assertThat(sim.application().eventsPerBoot().get(1)).containsExactlyElementsOf(FIRST_BOOT);
        assertThat(sim.carrier().bootstrapSessions()).hasSize(2);
    }
}
