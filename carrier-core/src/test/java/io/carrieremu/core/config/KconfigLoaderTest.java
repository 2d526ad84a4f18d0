package io.carrieremu.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Psk;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KconfigLoaderTest {

    private static Path resource(String name) throws URISyntaxException {
        return Paths.get(KconfigLoaderTest.class.getResource("/kconfig/" + name).toURI());
    }

    private static ConfigFileException failure(String text) {
        try {
            KconfigLoader.parse("prj.conf", text);
        } catch (ConfigFileException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigFileException for:\n" + text);
    }

    @Test
    void realisticPrjConfRoundTripsIntoTheConfigTheGlueWouldBuild() throws Exception {
        KconfigLoader.KconfigFile file = KconfigLoader.load(resource("prj.conf"));

        CarrierConfig expected = CarrierConfig.builder()
                .carriers(Carrier.VERIZON)
                .disableAutoRegister(false)
                .disableQueueMode(true)
                .isBootstrapServer(true)
                .serverUri("coaps://bs.vzw-test.example.invalid:5684")
                .serverSecTag(42)
                .serverBinding(0)
                .serverLifetime(0)
                .sessionIdleTimeout(120)
                .coapConInterval(-1)
                .firmwareDownloadTimeout(0)
                .apn("")
                .pdnType(PdnType.IPV4)
                .deviceType("Smart Meter")
                .softwareVersion("gw-app \"2.1\"")
                .appPsk(Psk.ofHex("000102030405060708090a0b0c0d0e0f"))
                .build();
        assertThat(file.config()).isEqualTo(expected);
        assertThat(file.foreignKeys()).startsWith("CONFIG_FPU", "CONFIG_FP_HARDABI", "CONFIG_NRF_MODEM_LIB")
                .contains("CONFIG_MAIN_STACK_SIZE")
                .noneMatch(key -> key.startsWith("CONFIG_LWM2M_CARRIER"));
        assertThat(file.config().validate(tag -> tag == 42)).isEmpty();
    }

    @Test
    void emptyFileGivesTheKconfigDefaults() throws Exception {
        CarrierConfig config = KconfigLoader.parse("empty.conf", "").config();
        assertThat(config.carriersEnabled()).as("every carrier but generic").isEqualTo(0x02 | 0x08 | 0x10 | 0x20 | 0x40);
        assertThat(config.isBootstrapServer()).isTrue();
        assertThat(config.disableAutoRegister()).isFalse();
        assertThat(config.disableQueueMode()).isFalse();
        assertThat(config.sessionIdleTimeout()).isEqualTo(60);
        assertThat(config.coapConInterval()).isEqualTo(86400);
        assertThat(config.pdnType()).isEqualTo(PdnType.IPV4V6.code());
        assertThat(config.appPsk()).isEmpty();
    }

    @Test
    void carrierBitsAreOredAsTheGlueDoes() throws Exception {
        CarrierConfig config = KconfigLoader.parse("prj.conf", """
                CONFIG_LWM2M_CARRIER_GENERIC=y
                CONFIG_LWM2M_CARRIER_VERIZON=n
                CONFIG_LWM2M_CARRIER_LG_UPLUS=n
                CONFIG_LWM2M_CARRIER_T_MOBILE=n
                CONFIG_LWM2M_CARRIER_SOFTBANK=y
                CONFIG_LWM2M_CARRIER_BELL_CA=n
                CONFIG_LWM2M_CARRIER_AUTO_REGISTER=n
                CONFIG_LWM2M_CARRIER_SERVER_BINDING_UDP=y
                CONFIG_LWM2M_CARRIER_SERVER_BINDING_NONIP=y
                CONFIG_LWM2M_CARRIER_SERVER_LIFETIME=300
                """).config();
        assertThat(config.enabledCarriers()).containsExactlyInAnyOrder(Carrier.GENERIC, Carrier.SOFTBANK);
        assertThat(config.disableAutoRegister()).isTrue();
        assertThat(config.serverBinding()).isEqualTo(0x03);
        assertThat(config.serverLifetime()).isEqualTo(300);
    }

    @Test
    void lgUplusSettingsAreCopiedOnlyWhenLgUplusIsEnabled() throws Exception {
        String lines = """
                CONFIG_LWM2M_CARRIER_LG_UPLUS_SERVICE_CODE="AB123"
                CONFIG_LWM2M_CARRIER_LG_UPLUS_2DID=y
                """;
        CarrierConfig enabled = KconfigLoader.parse("a.conf", lines).config();
        assertThat(enabled.lgUplusServiceCode()).isEqualTo("AB123");
        assertThat(enabled.lgUplusSerialNumberType()).isEqualTo(LgUplusSerialNumberType.TWO_DID);
        CarrierConfig disabled = KconfigLoader.parse("b.conf", lines + "CONFIG_LWM2M_CARRIER_LG_UPLUS=n\n").config();
        assertThat(disabled.lgUplusServiceCode()).isEmpty();
        assertThat(disabled.lgUplusSerialNumberType()).isEqualTo(LgUplusSerialNumberType.IMEI);
    }

    @Test
    void laterLinesWinAndCrlfAndCommentsAreFine() throws Exception {
        CarrierConfig config = KconfigLoader.parse("prj.conf",
                "# comment\r\nCONFIG_LWM2M_CARRIER_CUSTOM_APN=\"first\"\r\n\r\nCONFIG_LWM2M_CARRIER_CUSTOM_APN=\"second\"\r\n"
                        + "CONFIG_LWM2M_CARRIER_PDN_TYPE=3\r\n").config();
        assertThat(config.apn()).isEqualTo("second");
        assertThat(config.pdnType()).isEqualTo(3);
    }

    @Test
    void unknownCarrierKeyFailsWithFileAndLine() {
        ConfigFileException e = failure("""
                CONFIG_LWM2M_CARRIER=y
                # the next key is misspelt
                CONFIG_LWM2M_CARRIER_CUSTOM_URL="coaps://x.invalid"
                """);
        assertThat(e).hasMessageStartingWith("prj.conf:3: CONFIG_LWM2M_CARRIER_CUSTOM_URL: unknown");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).contains("CONFIG_LWM2M_CARRIER_CUSTOM_URL");
    }

    @Test
    void unknownKeyInNotSetCommentFailsToo() {
        assertThat(failure("# CONFIG_LWM2M_CARRIER_BOGUS is not set\n"))
                .hasMessageStartingWith("prj.conf:1: CONFIG_LWM2M_CARRIER_BOGUS: unknown");
    }

    @Test
    void badBooleanFailsWithFileAndLine() {
        ConfigFileException e = failure("CONFIG_LWM2M_CARRIER_VERIZON=y\nCONFIG_LWM2M_CARRIER_QUEUE_MODE=yes\n");
        assertThat(e).hasMessage("prj.conf:2: CONFIG_LWM2M_CARRIER_QUEUE_MODE: expected y or n, got 'yes'");
    }

    @Test
    void overLongStringFailsWithFileAndLineAndE2big() {
        ConfigFileException e = failure("\n\nCONFIG_LWM2M_CARRIER_CUSTOM_APN=\"" + "a".repeat(64) + "\"\n");
        assertThat(e).hasMessage("prj.conf:3: CONFIG_LWM2M_CARRIER_CUSTOM_APN: string of 64 bytes exceeds the limit of 63");
        assertThat(e.errno()).contains(Errno.E2BIG);
    }

    @Test
    void badValuesOfEveryKindNameTheirLine() {
        assertThat(failure("CONFIG_LWM2M_CARRIER_SERVER_SEC_TAG=forty-two\n"))
                .hasMessageStartingWith("prj.conf:1: CONFIG_LWM2M_CARRIER_SERVER_SEC_TAG: expected a decimal or 0x hex integer");
        assertThat(failure("CONFIG_LWM2M_CARRIER_COAP_CON_INTERVAL=86401\n"))
                .hasMessage("prj.conf:1: CONFIG_LWM2M_CARRIER_COAP_CON_INTERVAL: 86401 is outside the range -1..86400");
        assertThat(failure("CONFIG_LWM2M_CARRIER_PDN_TYPE=4\n"))
                .hasMessageStartingWith("prj.conf:1: CONFIG_LWM2M_CARRIER_PDN_TYPE: 4 is outside the range 0..3");
        assertThat(failure("CONFIG_LWM2M_CARRIER_CUSTOM_APN=iot.example\n"))
                .hasMessageStartingWith("prj.conf:1: CONFIG_LWM2M_CARRIER_CUSTOM_APN: string values are written in double quotes");
        assertThat(failure("CONFIG_LWM2M_CARRIER_CUSTOM_APN=\"iot.example\n"))
                .hasMessageStartingWith("prj.conf:1: CONFIG_LWM2M_CARRIER_CUSTOM_APN: unterminated string");
        assertThat(failure("CONFIG_LWM2M_CARRIER_CUSTOM_APN=\"a\" trailing\n"))
                .hasMessageStartingWith("prj.conf:1: CONFIG_LWM2M_CARRIER_CUSTOM_APN: unexpected text after the closing quote");
        assertThat(failure("CONFIG_LWM2M_CARRIER_CUSTOM_URI=\"https://dm.example.invalid\"\n"))
                .hasMessageStartingWith("prj.conf:1: CONFIG_LWM2M_CARRIER_CUSTOM_URI: server URI scheme must be coap or coaps")
                .satisfies(e -> assertThat(e.errno()).contains(Errno.EINVAL));
        assertThat(failure("# CONFIG_LWM2M_CARRIER_CUSTOM_APN is not set\n"))
                .hasMessage("prj.conf:1: CONFIG_LWM2M_CARRIER_CUSTOM_APN: 'is not set' applies to booleans only");
        assertThat(failure("LWM2M_CARRIER_VERIZON=y\n"))
                .hasMessage("prj.conf:1: expected CONFIG_<NAME>=<value>, a comment or a blank line");
    }

    @Test
    void notSetCommentTurnsABooleanOff() throws Exception {
        CarrierConfig config = KconfigLoader.parse("prj.conf", "# CONFIG_LWM2M_CARRIER_QUEUE_MODE is not set\n").config();
        assertThat(config.disableQueueMode()).isTrue();
    }

    @Test
    void hexIntegersAreAccepted() throws Exception {
        assertThat(KconfigLoader.parse("prj.conf", "CONFIG_LWM2M_CARRIER_SERVER_SEC_TAG=0x2A\n").config().serverSecTag())
                .isEqualTo(42);
    }

    @Test
    void unreadableFileIsReportedAtLineZero(@TempDir Path dir) {
        Path missing = dir.resolve("missing.conf");
        assertThatThrownBy(() -> KconfigLoader.load(missing))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(missing + ":0: cannot be read");
    }

    @Test
    void nonUtf8FileIsReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, new byte[] {'#', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> KconfigLoader.load(file)).hasMessageEndingWith(":0: is not UTF-8 text");
    }
}
