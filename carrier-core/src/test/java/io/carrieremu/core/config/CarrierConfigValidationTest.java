package io.carrieremu.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per documented configuration rule (SPEC §4), each asserting the exact error value. */
class CarrierConfigValidationTest {

    private static final SecTagLookup NO_TAGS = tag -> false;

    private static List<ConfigViolation> violations(CarrierConfig.Builder builder) {
        return builder.build().validate(NO_TAGS);
    }

    private static CarrierConfig.Builder generic() {
        return CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri("coaps://dm.example.invalid:5684");
    }

    @Test
    void defaultsAreValid() {
        assertThat(CarrierConfig.defaults().validate(NO_TAGS)).isEmpty();
    }

    static Stream<Arguments> stringLimits() {
        return Stream.of(
                limit("apn", 63, CarrierConfig.Builder::apn),
                limit("manufacturer", 32, CarrierConfig.Builder::manufacturer),
                limit("model_number", 32, CarrierConfig.Builder::modelNumber),
                limit("device_type", 32, CarrierConfig.Builder::deviceType),
                limit("hardware_version", 32, CarrierConfig.Builder::hardwareVersion),
                limit("software_version", 32, CarrierConfig.Builder::softwareVersion),
                limit("lg_uplus.service_code", 5, CarrierConfig.Builder::lgUplusServiceCode));
    }

    private static Arguments limit(String field, int max, BiFunction<CarrierConfig.Builder, String, CarrierConfig.Builder> setter) {
        return Arguments.of(field, max, setter);
    }

    @ParameterizedTest(name = "{0} accepts {1} bytes and rejects {1}+1 with -E2BIG")
    @MethodSource("stringLimits")
    void stringAtLimitPassesAndOneMoreIsE2big(String field, int max,
            BiFunction<CarrierConfig.Builder, String, CarrierConfig.Builder> setter) {
        assertThat(violations(setter.apply(CarrierConfig.builder(), "a".repeat(max)))).isEmpty();
        assertThat(violations(setter.apply(CarrierConfig.builder(), "a".repeat(max + 1))))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.errno()).isEqualTo(Errno.E2BIG);
                    assertThat(v.field()).isEqualTo(field);
                });
    }

    @Test
    void serverUriOf255BytesPassesAnd256IsE2big() {
        String prefix = "coaps://dm.example.invalid:5684/";
        String at255 = prefix + "p".repeat(255 - prefix.length());
        assertThat(at255).hasSize(255);
        assertThat(violations(generic().serverUri(at255))).isEmpty();
        assertThat(violations(generic().serverUri(at255 + "p")))
                .singleElement().extracting(ConfigViolation::errno).isEqualTo(Errno.E2BIG);
    }

    @Test
    void stringLimitsCountUtf8BytesLikeTheCBuffers() {
        // 16 two-byte characters are 32 bytes: at the limit; one more ASCII byte is over it.
        String sixteenUmlauts = "ä".repeat(16);
        assertThat(violations(CarrierConfig.builder().manufacturer(sixteenUmlauts))).isEmpty();
        assertThat(violations(CarrierConfig.builder().manufacturer(sixteenUmlauts + "x")))
                .extracting(ConfigViolation::errno).containsExactly(Errno.E2BIG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"coap://dm.example.invalid", "coaps://dm.example.invalid:5684", "COAPS://DM.EXAMPLE.INVALID:5684",
        "coaps://192.0.2.10:5684", "coaps://[2001:db8::1]:5684", "coap://localhost:5683/rd"})
    void coapAndCoapsUrisWithAHostAreAccepted(String uri) {
        assertThat(violations(generic().serverUri(uri))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://dm.example.invalid", "https://dm.example.invalid", "ftp://dm.example.invalid",
        "coap+tcp://dm.example.invalid", "dm.example.invalid:5684", "//dm.example.invalid:5684"})
    void otherSchemesAreEinval(String uri) {
        assertThat(violations(generic().serverUri(uri)))
                .singleElement().satisfies(v -> {
                    assertThat(v.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(v.field()).isEqualTo("server_uri");
                    assertThat(v.message()).contains("scheme");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"coaps:///path-only", "coaps://:5684", "coaps:opaque"})
    void uriWithoutHostIsEinval(String uri) {
        assertThat(violations(generic().serverUri(uri)))
                .singleElement().extracting(ConfigViolation::errno).isEqualTo(Errno.EINVAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"coaps://dm example.invalid", "coaps://dm.example.invalid:99999", "coaps://dm.example.invalid:0"})
    void unparseableUriOrBadPortIsEinval(String uri) {
        assertThat(violations(generic().serverUri(uri)))
                .singleElement().extracting(ConfigViolation::errno).isEqualTo(Errno.EINVAL);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void definedBindingBitsAreAccepted(int bits) {
        assertThat(violations(generic().serverBinding(bits))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 0x10, 0xFF, -1})
    void undefinedBindingBitsAreEbadr(int bits) {
        assertThat(violations(generic().serverBinding(bits)))
                .singleElement().satisfies(v -> {
                    assertThat(v.errno()).isEqualTo(Errno.EBADR);
                    assertThat(v.field()).isEqualTo("server_binding");
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void definedPdnTypesAreAccepted(int type) {
        assertThat(violations(CarrierConfig.builder().apn("iot.example").pdnType(type))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 7, -1, 255})
    void undefinedPdnTypesAreEbadr(int type) {
        assertThat(violations(CarrierConfig.builder().pdnType(type)))
                .singleElement().satisfies(v -> {
                    assertThat(v.errno()).isEqualTo(Errno.EBADR);
                    assertThat(v.field()).isEqualTo("pdn_type");
                });
    }

    @Test
    void bindingAndCustomApnPdnTypeMustAgree() {
        assertThat(violations(generic().serverBinding(Set.of(ServerBinding.UDP)).apn("nidd.example").pdnType(PdnType.NONIP)))
                .extracting(ConfigViolation::errno).containsExactly(Errno.EBADR);
        assertThat(violations(generic().serverBinding(Set.of(ServerBinding.NONIP)).apn("ip.example").pdnType(PdnType.IPV4)))
                .extracting(ConfigViolation::errno).containsExactly(Errno.EBADR);
        assertThat(violations(generic().serverBinding(Set.of(ServerBinding.NONIP)).apn("nidd.example").pdnType(PdnType.NONIP)))
                .isEmpty();
        assertThat(violations(generic().serverBinding(Set.of(ServerBinding.UDP, ServerBinding.NONIP))
                .apn("nidd.example").pdnType(PdnType.NONIP))).isEmpty();
    }

    @Test
    void lgUplusWithoutServiceCodeIsEfault() {
        assertThat(violations(CarrierConfig.builder().carriers(Carrier.LG_UPLUS)))
                .singleElement().satisfies(v -> {
                    assertThat(v.errno()).isEqualTo(Errno.EFAULT);
                    assertThat(v.field()).isEqualTo("lg_uplus.service_code");
                });
        assertThat(violations(CarrierConfig.builder().carriers(Carrier.LG_UPLUS).lgUplusServiceCode("AB123"))).isEmpty();
    }

    @Test
    void lgUplusServiceCodeIsCheckedOnceLgUplusIsDetectedWhenSeveralCarriersAreEnabled() {
        CarrierConfig allCarriers = CarrierConfig.defaults();
        assertThat(allCarriers.validate(NO_TAGS)).as("not known to be LG U+ before detection").isEmpty();
        assertThat(allCarriers.validateFor(Carrier.LG_UPLUS))
                .extracting(ConfigViolation::errno).containsExactly(Errno.EFAULT);
        assertThat(allCarriers.validateFor(Carrier.VERIZON)).isEmpty();
    }

    @Test
    void genericAloneNeedsAUriUnlessNonIpOnly() {
        assertThat(violations(CarrierConfig.builder().carriers(Carrier.GENERIC)))
                .extracting(ConfigViolation::errno).containsExactly(Errno.EINVAL);
        assertThat(violations(CarrierConfig.builder().carriers(Carrier.GENERIC).serverBinding(ServerBinding.NONIP.bit())))
                .isEmpty();
    }

    @Test
    void absentSecTagIsEnoent() {
        CarrierConfig config = generic().serverSecTag(42).build();
        assertThat(config.validate(tag -> false))
                .singleElement().satisfies(v -> {
                    assertThat(v.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(v.field()).isEqualTo("server_sec_tag");
                    assertThat(v.message()).contains("42");
                });
        assertThat(config.validate(tag -> tag == 42)).isEmpty();
    }

    @Test
    void secTagZeroMeansNoneAndIsNotLookedUp() {
        assertThat(generic().serverSecTag(0).build().validate(tag -> {
            throw new AssertionError("looked up sec tag " + tag);
        })).isEmpty();
    }

    @Test
    void everyViolationIsReportedInFieldOrder() {
        List<ConfigViolation> all = CarrierConfig.builder()
                .serverUri("http://x.invalid").apn("a".repeat(64)).pdnType(9).serverSecTag(7).build()
                .validate(NO_TAGS);
        assertThat(all).extracting(ConfigViolation::errno)
                .containsExactly(Errno.E2BIG, Errno.EINVAL, Errno.EBADR, Errno.ENOENT);
    }

    @Test
    void valuesNoCCallerCouldPassAreProgrammingErrors() {
        assertThatThrownBy(() -> CarrierConfig.builder().serverLifetime(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CarrierConfig.builder().sessionIdleTimeout(-2).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CarrierConfig.builder().coapConInterval(-2).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CarrierConfig.builder().firmwareDownloadTimeout(65536).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CarrierConfig.builder().serverSecTag(-5).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CarrierConfig.builder().apn(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void zeroMeansTheDocumentedDefaults() {
        CarrierConfig defaults = CarrierConfig.defaults();
        assertThat(defaults.effectiveSessionIdleTimeout()).contains(Duration.ofSeconds(60));
        assertThat(defaults.effectiveCoapConInterval()).contains(Duration.ofHours(24));
        assertThat(defaults.effectiveFirmwareDownloadTimeout(rules(Carrier.SOFTBANK))).contains(Duration.ofMinutes(30));
        assertThat(defaults.effectiveFirmwareDownloadTimeout(rules(Carrier.VERIZON))).isEmpty();
        CarrierConfig custom = CarrierConfig.builder().sessionIdleTimeout(-1).coapConInterval(-1).firmwareDownloadTimeout(5).build();
        assertThat(custom.effectiveSessionIdleTimeout()).isEmpty();
        assertThat(custom.effectiveCoapConInterval()).as("-1: every notification CON").isEmpty();
        assertThat(custom.effectiveFirmwareDownloadTimeout(rules(Carrier.VERIZON))).contains(Duration.ofMinutes(5));
    }

    @Test
    void serverSettingsApplyToGenericOrToASingleCarrierOnly() {
        assertThat(CarrierConfig.builder().carriers(Carrier.GENERIC, Carrier.VERIZON).build().serverSettingsApply()).isTrue();
        assertThat(CarrierConfig.builder().carriers(Carrier.VERIZON).build().serverSettingsApply()).isTrue();
        assertThat(CarrierConfig.builder().carriers(Carrier.VERIZON, Carrier.T_MOBILE).build().serverSettingsApply()).isFalse();
    }

    @Test
    void toBuilderRoundTrips() {
        CarrierConfig config = generic().apn("iot").serverLifetime(300).lgUplusSerialNumberType(LgUplusSerialNumberType.TWO_DID).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    /** The carrier's push download timeout default, from its built-in profile. */
    private static java.util.Optional<java.time.Duration> rules(Carrier carrier) {
        try {
            return io.carrieremu.core.carrier.CarrierProfiles.builtIn().of(carrier).orElseThrow().rules().firmwareDownloadTimeout();
        } catch (io.carrieremu.core.carrier.CarrierProfileException e) {
            throw new AssertionError(e);
        }
    }
}
