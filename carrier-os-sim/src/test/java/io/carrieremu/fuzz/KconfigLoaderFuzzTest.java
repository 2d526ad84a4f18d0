package io.carrieremu.fuzz;

import static io.carrieremu.fuzz.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.ConfigFileException;
import io.carrieremu.core.config.KconfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kconfig loader on generated {@code prj.conf} text — assignments of the library's options and
 * others with hostile values, {@code is not set} lines, comments, BOMs, CRLF and garbage: a
 * configuration or {@link ConfigFileException} whose message starts with {@code prj.conf:<line>:} and
 * never echoes a PSK; at most {@code 64 × size + 1 MiB} bytes allocated.
 */
class KconfigLoaderFuzzTest {

    private static final String NAME = "KconfigLoader.parse";
    private static final List<String> KEYS = List.of("LWM2M_CARRIER", "LWM2M_CARRIER_GENERIC", "LWM2M_CARRIER_VERIZON",
            "LWM2M_CARRIER_AUTO_REGISTER", "LWM2M_CARRIER_CUSTOM_URI", "LWM2M_CARRIER_CUSTOM_APN", "LWM2M_CARRIER_SERVER_LIFETIME",
            "LWM2M_CARRIER_SERVER_SEC_TAG", "LWM2M_CARRIER_PDN_TYPE", "LWM2M_CARRIER_PDN_TYPE_IPV4", "LWM2M_CARRIER_SESSION_IDLE_TIMEOUT",
            "LWM2M_CARRIER_COAP_CON_INTERVAL", "LWM2M_CARRIER_LG_UPLUS", "LWM2M_CARRIER_LG_UPLUS_SERVICE_CODE",
            "LWM2M_CARRIER_LG_UPLUS_2DID", "LWM2M_CARRIER_DEVICE_MANUFACTURER", "LWM2M_CARRIER_IS_BOOTSTRAP_SERVER",
            "LWM2M_CARRIER_SERVER_BINDING_UDP", "LWM2M_CARRIER_FIRMWARE_DOWNLOAD_BUF_SIZE", "LWM2M_CARRIER_NO_SUCH", "CARRIER_APP_PSK",
            "NRF_MODEM_LIB", "");

    private static Gen<String> value() {
        Gen<String> quoted = Gen.oneOf(Hostile.atText(300), Gen.of("coaps://bs.example.invalid:5684",
                "coaps://bad host:5684", "coaps:///no-host", "c0ffeec0ffeec0ffee", "c0ffeeZZ", "x".repeat(300)))
                .map(s -> "\"" + s + "\"");
        return Gen.oneOf(Gen.of("y", "n", "Y", "", "\"", "\"\\", "\"a\\\"b\"", "\"a\" x", "m"), Hostile.number(), quoted,
                Hostile.atText(100));
    }

    private static Gen<String> line() {
        Gen<String> key = Gen.of(KEYS);
        Gen<String> value = value();
        Gen<String> assignment = random -> {
            String k = key.next(random);
            return "CONFIG_" + k + "=" + value.next(random);
        };
        Gen<String> notSet = key.map(k -> "# CONFIG_" + k + " is not set");
        return Gen.frequency(weight(6, assignment), weight(1, notSet),
                weight(1, Gen.of("", "# comment", "\uFEFFCONFIG_LWM2M_CARRIER=y", "  CONFIG_LWM2M_CARRIER = y", "\r")),
                weight(1, Hostile.atText(200)));
    }

    static Gen<String> files() {
        return line().list(30).map(lines -> String.join("\n", lines));
    }

    @Test
    void anyFileIsAConfigurationOrATypedErrorWithItsLine() {
        FuzzRun.forAll(NAME, files(), text -> FuzzGuard.run(NAME, 64L * text.length() + (1 << 20), List.of(ConfigFileException.class), () -> {
            try {
                return KconfigLoader.parse("prj.conf", text);
            } catch (ConfigFileException e) {
                assertThat(e.getMessage()).startsWith("prj.conf:" + e.line() + ":");
                if (e.key().equals(java.util.Optional.of("CONFIG_CARRIER_APP_PSK"))) {
                    assertThat(e.getMessage()).doesNotContain("c0ffee");
                }
                throw e;
            }
        }));
    }
}
