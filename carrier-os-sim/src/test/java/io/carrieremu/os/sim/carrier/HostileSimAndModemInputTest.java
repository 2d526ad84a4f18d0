package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.DEFERRED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.storage.BootstrapState;
import io.carrieremu.core.storage.BootstrapStateStore;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import io.carrieremu.os.sim.sim.UiccFiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Hostile values from the SIM and the modem, each validated where it enters and ending in its
 * documented outcome — never {@code INTERNAL_FAULT}, never persisted — with the next boot working:
 *
 * <ul>
 *   <li>a SIM bootstrap record with an unusable server URI: {@code ERROR{BOOTSTRAP, -EBADMSG}}, then the
 *       factory profile;
 *   <li>a SIM bootstrap file larger than the reader's limit: {@code ERROR{BOOTSTRAP, -E2BIG}}, refused
 *       before it is read, then the factory profile;
 *   <li>a malformed ICCID ({@code %XICCID} of 70 000 digits): the SIM counts as not readable, as one
 *       that is not ready — no event, nothing stored, the library waits for the modem;
 *   <li>a malformed MSISDN ({@code +CNUM} of 40 000 digits): no MSISDN, so Verizon defers with
 *       {@code SIM_MSISDN} until a good one is there.
 * </ul>
 */
class HostileSimAndModemInputTest {

    private static final List<EventType> FIRST_BOOT = List.of(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final byte[] IDENTITY = "urn:imei:352656100367872".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RECORD_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");

    private static SimCard verizonWithSimRecordFor(String serverUri) {
        List<SmartcardBootstrap.Instance> instances = List.of(
                SmartcardBootstrap.Instance.security(0, serverUri, true, IDENTITY, RECORD_KEY, 0, 0));
        return SimProfiles.builder("verizon").files(SmartcardBootstrap.files(SimProfiles.verizon().iccid(), instances,
                SmartcardBootstrap.OidEncoding.DER)).build();
    }

    private static void assertNeverFaulted(CarrierSim sim) {
        CompletableFuture<MainResult> main = sim.application().main();
        assertThat(main.isDone() ? main.join() : null).as("main() result").isNotEqualTo(MainResult.INTERNAL_FAULT);
    }

    @Test
    void simRecordWhoseServerHostHasASpaceIsMalformedAndTheFactoryProfileIsUsed() throws Exception {
        simRecordWithAnUnusableUriIsMalformedAndTheFactoryProfileIsUsed("coaps://bad host:5684");
    }

    @Test
    void simRecordWhoseServerUriHasNoHostIsMalformedAndTheFactoryProfileIsUsed() throws Exception {
        simRecordWithAnUnusableUriIsMalformedAndTheFactoryProfileIsUsed("coaps:///no-host");
    }

    private void simRecordWithAnUnusableUriIsMalformedAndTheFactoryProfileIsUsed(String uri) throws Exception {
        try (CarrierSim sim = CarrierSim.builder("verizon").sim(verizonWithSimRecordFor(uri)).build().start()) {
            assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
            assertThat(sim.events().get(0)).isEqualTo(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.EBADMSG));
            assertThat(sim.application().eventTypes().subList(1, 6)).containsExactlyElementsOf(FIRST_BOOT);
            assertThat(sim.carrier().bootstrapSessions()).as("the factory bootstrap server").hasSize(1);
            assertThat(stored(sim)).hasValueSatisfying(state -> assertThat(state.config().security())
                    .noneMatch(s -> s.serverUri().equals(uri)));

            sim.device().reboot();
            assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
            assertThat(sim.application().eventsPerBoot().get(1)).as("same SIM, next boot").containsExactly(REGISTERED);
            assertNeverFaulted(sim);
        }
    }

    @Test
    void simBootstrapFileLargerThanTheLimitIsRefusedBeforeItIsReadAndTheFactoryProfileIsUsed() throws Exception {
        Map<Integer, byte[]> files = Map.of(SmartcardBootstrap.ODF_FID, SmartcardBootstrap.odf(SmartcardBootstrap.DODF_FID),
                SmartcardBootstrap.DODF_FID, SmartcardBootstrap.dodf(SmartcardBootstrap.BOOTSTRAP_FID, SmartcardBootstrap.OidEncoding.DER),
                SmartcardBootstrap.BOOTSTRAP_FID, new byte[60_000]);
        SimCard card = SimProfiles.builder("verizon").files(UiccFiles.withPkcs15(SimProfiles.verizon().iccid(), files)).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").sim(card).build().start()) {
            assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
            assertThat(sim.events().get(0)).isEqualTo(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.E2BIG));
            assertThat(sim.application().eventTypes().subList(1, 6)).containsExactlyElementsOf(FIRST_BOOT);
            List<String> commands = sim.device().transcript().lines(Transcript.Kind.AT_COMMAND);
            int selected = commands.indexOf("AT+CSIM=20,\"01A40804047FFF643200\"");
            assertThat(selected).as("the bootstrap file was selected").isPositive();
            assertThat(commands.get(selected + 1)).as("and closed at once, not read").isEqualTo("AT+CSIM=8,\"01708001\"");

            sim.device().reboot();
            assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
            assertThat(sim.application().eventsPerBoot().get(1)).containsExactly(REGISTERED);
            assertNeverFaulted(sim);
        }
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void iccidOf70000DigitsLeavesTheSimUnreadUntilTheModemAnswersWell(CarrierSim sim) throws Exception {
        sim.device().modem().scriptAnswer("AT%XICCID", () -> AtResponse.ok(List.of("%XICCID: " + "8".repeat(70_000))));
        sim.start();
        sim.device().clock().advance(HOUR);
        assertThat(sim.events()).as("the SIM counts as not readable: nothing to report yet").isEmpty();
        assertThat(sim.device().storage().read(BootstrapStateStore.RECORD_ID)).isEmpty();
        assertNeverFaulted(sim);

        sim.device().modem().clearScriptedAnswers();
        sim.device().reboot();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(sim.application().eventsPerBoot().get(1)).containsExactlyElementsOf(
                List.of(LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP, REGISTERED));
        assertThat(stored(sim)).hasValueSatisfying(state -> assertThat(state.iccid()).isEqualTo(SimProfiles.verizon().iccid()));
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void msisdnOf40000DigitsIsNoMsisdnSoVerizonDefersUntilAGoodOneIsThere(CarrierSim sim) throws Exception {
        sim.device().modem().scriptAnswer("AT+CNUM", () -> AtResponse.ok(List.of("+CNUM: ,\"+" + "1".repeat(40_000) + "\",145")));
        sim.application().onEvent(event -> {
            if (event.type() == DEFERRED && sim.application().times(DEFERRED).size() == 2) {
                sim.device().modem().scriptAnswer("AT+CNUM", null);
            }
            return 0;
        });
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(sim.events().subList(0, 2)).containsExactly(
                new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, 120),
                new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, 240));
        assertThat(sim.application().eventTypes().subList(2, 7)).containsExactlyElementsOf(FIRST_BOOT);
        assertThat(stored(sim)).hasValueSatisfying(state -> assertThat(state.msisdn()).isEqualTo("+15551234567"));
        assertNeverFaulted(sim);
    }

    @Test
    void randomHostileModemAnswersNeverPersistAMalformedIccidOrMsisdnAndNeverFault() throws Exception {
        Random random = new Random(15);
        try (CarrierSim sim = CarrierSim.builder("verizon").build()) {
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
            for (int run = 0; run < 24; run++) {
                scriptHostileIdentity(sim, random);
                sim.device().storage().delete(BootstrapStateStore.RECORD_ID);
                sim.device().reboot();
                sim.device().clock().advance(Duration.ofMinutes(30));
                Optional<byte[]> record = sim.device().storage().read(BootstrapStateStore.RECORD_ID);
                if (record.isPresent()) {
                    BootstrapState state = BootstrapStateStore.decode(record.get());
                    assertThat(Subscriber.isIccid(state.iccid())).as("run %d: stored ICCID", run).isTrue();
                    assertThat(state.msisdn().isEmpty() || Subscriber.isMsisdn(state.msisdn())).as("run %d: stored MSISDN", run).isTrue();
                }
                assertNeverFaulted(sim);
            }
            sim.device().modem().clearScriptedAnswers();
            sim.device().storage().delete(BootstrapStateStore.RECORD_ID);
            int registered = sim.application().times(REGISTERED).size();
            sim.device().reboot();
            assertThat(sim.runUntil(REGISTERED, registered + 1, HOUR)).as("a good modem again").isTrue();
        }
    }

    /** Scripts the identity commands with a hostile answer each, the same for the whole run. */
    private static void scriptHostileIdentity(CarrierSim sim, Random random) {
        sim.device().modem().clearScriptedAnswers();
        String iccid = SimProfiles.verizon().iccid();
        script(sim, random, "AT%XICCID", List.of("%XICCID: " + iccid, "%XICCID: " + iccid + "F", "%XICCID: " + "9".repeat(70_000),
                "%XICCID: 89148000001234567X9", "%XICCID: \"" + iccid + "\"", "%XICCID: ", "%XICCID: 8914", "%XICCID: 89148000001234567890123",
                "%XICCID: " + iccid + ",junk", "%XICCID: \"unterminated", "+CNUM: ,\"+15551234567\",145"));
        script(sim, random, "AT+CNUM", List.of("+CNUM: ,\"+15551234567\",145", "+CNUM: ,\"+" + "5".repeat(40_000) + "\",145",
                "+CNUM: ,\"+1555123456a\",145", "+CNUM: ,\"\",129", "+CNUM: ,\"+15551234567", "+CNUM: ,+15551234567,145",
                "+CNUM: ,\"12\",129", "+CNUM: ,\"+1234567890123456\",145", "+CNUM: ,\"+1555\u00e9123\",145", "+CNUM:"));
        script(sim, random, "AT%XOPERID", List.of("%XOPERID: 1", "%XOPERID: -1", "%XOPERID: 99999999999999", "%XOPERID: x",
                "%XOPERID: \"1\"", "%XOPERID: 256"));
    }

    private static void script(CarrierSim sim, Random random, String command, List<String> answers) {
        int pick = random.nextInt(answers.size() + 2);
        Supplier<AtResponse> answer = pick == answers.size() ? AtResponse::error
                : pick == answers.size() + 1 ? () -> AtResponse.cmeError(10)
                : () -> AtResponse.ok(List.of(answers.get(pick)));
        sim.device().modem().scriptAnswer(command, answer);
    }

    private static Optional<BootstrapState> stored(CarrierSim sim) throws Exception {
        return new BootstrapStateStore(sim.device().storage()).load();
    }
}
