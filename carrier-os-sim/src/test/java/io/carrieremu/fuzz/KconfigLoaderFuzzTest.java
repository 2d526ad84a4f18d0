package io.carrieremu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.ConfigFileException;
import io.carrieremu.core.config.KconfigLoader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

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

    private static Arbitrary<String> value() {
        Arbitrary<String> quoted = Arbitraries.oneOf(Hostile.atText(300), Arbitraries.of("coaps://bs.example.invalid:5684",
                "coaps://bad host:5684", "coaps:///no-host", "c0ffeec0ffeec0ffee", "c0ffeeZZ", "x".repeat(300)))
                .map(s -> "\"" + s + "\"");
        return Arbitraries.oneOf(Arbitraries.of("y", "n", "Y", "", "\"", "\"\\", "\"a\\\"b\"", "\"a\" x", "m"), Hostile.number(), quoted,
                Hostile.atText(100));
    }

    private static Arbitrary<String> line() {
        Arbitrary<String> assignment = Combinators.combine(Arbitraries.of(KEYS), value()).as((k, v) -> "CONFIG_" + k + "=" + v);
        Arbitrary<String> notSet = Arbitraries.of(KEYS).map(k -> "# CONFIG_" + k + " is not set");
        return Arbitraries.frequencyOf(Tuple.of(6, assignment), Tuple.of(1, notSet),
                Tuple.of(1, Arbitraries.of("", "# comment", "\uFEFFCONFIG_LWM2M_CARRIER=y", "  CONFIG_LWM2M_CARRIER = y", "\r")),
                Tuple.of(1, Hostile.atText(200)));
    }

    @Provide
    Arbitrary<String> files() {
        return line().list().ofMaxSize(30).map(lines -> String.join("\n", lines));
    }

    @Property(seed = "15")
    void anyFileIsAConfigurationOrATypedErrorWithItsLine(@ForAll("files") String text) {
        FuzzGuard.run(NAME, 64L * text.length() + (1 << 20), List.of(ConfigFileException.class), () -> {
            try {
                return KconfigLoader.parse("prj.conf", text);
            } catch (ConfigFileException e) {
                assertThat(e.getMessage()).startsWith("prj.conf:" + e.line() + ":");
                if (e.key().equals(java.util.Optional.of("CONFIG_CARRIER_APP_PSK"))) {
                    assertThat(e.getMessage()).doesNotContain("c0ffee");
                }
                throw e;
            }
        });
    }

    @AfterContainer
    static void report() {
        FuzzGuard.report(NAME);
    }
}
