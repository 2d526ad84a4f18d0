package io.carrieremu.os.sim.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.uicc.UiccBootstrapReader;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.SimAtChannel;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The smartcard bootstrap path: the core's reader against the simulated card through AT+CSIM. */
class SmartcardPathTest {

    private static final List<SmartcardBootstrap.Instance> INSTANCES = List.of(
            SmartcardBootstrap.Instance.security(0, "coaps://bs.example.invalid:5684", true,
                    "urn:imei:352656100367872".getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"), 0, 10),
            SmartcardBootstrap.Instance.security(1, "coaps://dm.example.invalid:5684", false,
                    "urn:imei:352656100367872".getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100"), 1, null),
            SmartcardBootstrap.Instance.server(1, 1, 86400, "UQ", false));

    private VirtualClock clock;
    private Transcript transcript;
    private SimModem modem;

    private UiccBootstrapReader readerFor(UiccFiles files) {
        clock = new VirtualClock();
        transcript = new Transcript(clock::nowMillis);
        SimCard card = SimProfiles.builder("verizon").files(files).build();
        modem = new SimModem(clock, transcript, SimProfiles.homeNetwork("verizon"), SimModem.Identity.nrf9160("352656100367872"), card);
        modem.execute("AT+CFUN=4");
        transcript.clear();
        return new UiccBootstrapReader(new SimAtChannel(modem));
    }

    @AfterEach
    void close() {
        if (modem != null) {
            modem.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SmartcardBootstrap.OidEncoding.class)
    void readsTheRecordTheBuilderWroteInTheVendorsApduOrder(SmartcardBootstrap.OidEncoding encoding) throws Exception {
        String iccid = SimProfiles.verizon().iccid();
        UiccBootstrapReader reader = readerFor(SmartcardBootstrap.files(iccid, INSTANCES, encoding));

        Optional<byte[]> record = reader.read(4096);

        assertThat(record).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(SmartcardBootstrap.record(INSTANCES)));
        int bootstrapSize = SmartcardBootstrap.record(INSTANCES).length;
        assertThat(transcript.lines(Transcript.Kind.AT_COMMAND)).containsExactly(
                "AT+CSIM=10,\"0070000001\"",
                "AT+CSIM=36,\"01A404040CA000000063504B43532D313500\"",
                "AT+CSIM=20,\"01A40804047FFF503100\"",
                "AT+CSIM=10,\"01B0000030\"",
                "AT+CSIM=20,\"01A40804047FFF643000\"",
                "AT+CSIM=10,\"01B0000030\"",
                "AT+CSIM=20,\"01A40804047FFF643200\"",
                String.format("AT+CSIM=10,\"01B00000%02X\"", bootstrapSize),
                "AT+CSIM=8,\"01708001\"");
    }

    @Test
    void recordFollowsTheSmartcardFileFormat() {
        byte[] record = SmartcardBootstrap.record(INSTANCES);
        int objects = ((record[0] & 0xFF) << 8) | (record[1] & 0xFF);
        int payload = ((record[2] & 0xFF) << 8) | (record[3] & 0xFF);
        assertThat(objects).isEqualTo(2);
        assertThat(payload).isEqualTo(record.length - 4);
        assertThat(record[4]).isZero();
        assertThat(record[5]).as("object 0 first").isZero();
        assertThat(record[6]).as("implicit version").isZero();
    }

    @Test
    void cardWithoutPkcs15ApplicationHasNoRecordAndTheChannelIsClosed() throws Exception {
        UiccBootstrapReader reader = readerFor(UiccFiles.withoutApplication(SimProfiles.verizon().iccid()));
        assertThat(reader.read(4096)).isEmpty();
        assertThat(transcript.lines(Transcript.Kind.AT_COMMAND)).last().isEqualTo("AT+CSIM=8,\"01708001\"");
    }

    @Test
    void dodfWithoutTheLwm2mOidHasNoRecord() throws Exception {
        Map<Integer, byte[]> files = new LinkedHashMap<>();
        files.put(SmartcardBootstrap.ODF_FID, SmartcardBootstrap.odf(0x6430));
        // A DODF whose only data object has another OID (2.23.43.9.2).
        files.put(0x6430, HexFormat.of().parseHex("A10E3000A10A3008060467" + "2B0902" + "3000"));
        assertThat(readerFor(UiccFiles.withPkcs15(SimProfiles.verizon().iccid(), files)).read(4096)).isEmpty();
    }

    @Test
    void corruptDodfIsAClearErrorAndTheChannelIsClosed() {
        Map<Integer, byte[]> files = new LinkedHashMap<>();
        files.put(SmartcardBootstrap.ODF_FID, SmartcardBootstrap.odf(0x6430));
        files.put(0x6430, HexFormat.of().parseHex("A1203000A10A30080604672B0901"));
        UiccBootstrapReader reader = readerFor(UiccFiles.withPkcs15(SimProfiles.verizon().iccid(), files));
        assertThatThrownBy(() -> reader.read(4096))
                .isInstanceOf(OsException.class)
                .hasMessageContaining("malformed DODF")
                .hasMessageContaining("claims 32 bytes")
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.EBADMSG));
        assertThat(transcript.lines(Transcript.Kind.AT_COMMAND)).last().isEqualTo("AT+CSIM=8,\"01708001\"");
    }

    @Test
    void odfPointingAtAMissingFileIsAClearError() {
        Map<Integer, byte[]> files = new LinkedHashMap<>();
        files.put(SmartcardBootstrap.ODF_FID, SmartcardBootstrap.odf(0x6431));
        UiccBootstrapReader reader = readerFor(UiccFiles.withPkcs15(SimProfiles.verizon().iccid(), files));
        assertThatThrownBy(() -> reader.read(4096))
                .hasMessageContaining("DODF (6431) is not on the card");
    }

    @Test
    void recordLargerThanTheCallersLimitIsE2big() {
        UiccBootstrapReader reader = readerFor(SmartcardBootstrap.files(SimProfiles.verizon().iccid(), INSTANCES,
                SmartcardBootstrap.OidEncoding.DER));
        assertThatThrownBy(() -> reader.read(10))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.E2BIG));
    }
}
