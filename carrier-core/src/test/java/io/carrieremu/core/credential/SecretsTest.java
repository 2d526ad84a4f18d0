package io.carrieremu.core.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.config.ConfigFileException;
import io.carrieremu.core.config.KconfigLoader;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The secrets rule: key bytes never reach toString(), exception messages or events. */
class SecretsTest {

    private static final String KEY_HEX = "c0ffee00112233445566778899aabbcc";

    @Test
    void carrierConfigToStringNeverPrintsTheAppPsk() {
        CarrierConfig config = CarrierConfig.builder().serverSecTag(42).appPsk(Psk.ofHex(KEY_HEX)).build();
        String text = config.toString();
        assertThat(text).contains("serverSecTag=42").contains("redacted");
        assertNoKeyMaterial(text);
    }

    @Test
    void pskToStringShowsOnlyTheLength() {
        Psk psk = Psk.ofHex(KEY_HEX);
        assertThat(psk).hasToString("Psk[16 bytes, redacted]");
        assertThat(psk.hex()).isEqualTo(KEY_HEX);
        assertThat(psk.secretKey().getEncoded()).isEqualTo(HexFormat.of().parseHex(KEY_HEX));
    }

    @Test
    void secretCredentialTypesAreRedactedAndIdentitiesAreNot() {
        Credential psk = Credential.psk(Psk.ofHex(KEY_HEX));
        Credential privateKey = new Credential(CredentialType.CLIENT_PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----c0ffee".getBytes());
        Credential identity = Credential.pskIdentity("urn:imei:352656100367872");
        assertNoKeyMaterial(psk.toString());
        assertThat(privateKey.toString()).doesNotContain("BEGIN").doesNotContain("c0ffee").contains("redacted");
        assertThat(identity.toString()).contains("urn:imei:352656100367872");
        assertThat(CredentialType.PSK.isSecret()).isTrue();
        assertThat(CredentialType.CLIENT_PRIVATE_KEY.isSecret()).isTrue();
        assertThat(CredentialType.PSK_IDENTITY.isSecret()).isFalse();
    }

    @Test
    void badPskTextIsNotEchoedInTheError() {
        assertThatThrownBy(() -> Psk.ofHex("c0ffeeZZ"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c0ffee").doesNotContain("ZZ"));
        assertThatThrownBy(() -> Psk.ofHex("c0ffee0"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c0ffee"));
    }

    @Test
    void badAppPskInAConfigFileIsNotEchoed() {
        assertThatThrownBy(() -> KconfigLoader.parse("prj.conf", "CONFIG_CARRIER_APP_PSK=\"c0ffeeXY\"\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("prj.conf:1: CONFIG_CARRIER_APP_PSK:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c0ffee"));
        assertThatThrownBy(() -> KconfigLoader.parse("prj.conf", "CONFIG_CARRIER_APP_PSK=c0ffee00\n"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c0ffee"));
    }

    @Test
    void pskEqualityIsByContent() {
        assertThat(Psk.ofHex(KEY_HEX)).isEqualTo(Psk.ofBytes(HexFormat.of().parseHex(KEY_HEX)));
        assertThat(Psk.ofHex(KEY_HEX)).isNotEqualTo(Psk.ofHex("00"));
    }

    private static void assertNoKeyMaterial(String text) {
        assertThat(text.toLowerCase()).doesNotContain(KEY_HEX).doesNotContain("c0ffee").doesNotContain("-64, -1, -18");
    }
}
