package io.carrieremu.core.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.deferral.RetrySchedule;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CarrierProfilesTest {

    private static List<Duration> seconds(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
    }

    @Test
    void builtInProfilesCoverEveryCarrierOfTheLibrary() throws Exception {
        CarrierProfiles profiles = CarrierProfiles.builtIn();
        for (Carrier carrier : Carrier.values()) {
            assertThat(profiles.of(carrier)).as(carrier.name()).isPresent();
        }
    }

    @Test
    void verizonHasThePublishedFacts() throws Exception {
        CarrierProfile verizon = CarrierProfiles.builtIn().of(Carrier.VERIZON).orElseThrow();
        assertThat(verizon.facts()).isEqualTo(CarrierProfile.Facts.PUBLISHED);
        assertThat(verizon.bootstrapUri()).isEqualTo("coaps://boot.lwm2m.vzwdm.com:5684");
        assertThat(verizon.serverIds().bootstrap()).contains(100);
        assertThat(verizon.serverIds().dm()).containsExactly(102);
        assertThat(verizon.serverIds().diagnostics()).contains(101);
        assertThat(verizon.serverIds().repository()).contains(1000);
        assertThat(verizon.endpointName()).isEqualTo("urn:imei-msisdn:{imei}-{msisdn10}");
        assertThat(verizon.msisdnRequired()).isTrue();
        assertThat(verizon.operatorIds()).containsExactly(1);
        assertThat(verizon.ownsImsi("311480123456789")).isTrue();
        assertThat(verizon.dmRetry()).isEqualTo(new RetrySchedule(seconds(120, 240, 360, 480, 86400), RetrySchedule.WhenExhausted.REPEAT_LAST));
        assertThat(verizon.bootstrapRetry()).isEqualTo(new RetrySchedule(seconds(120, 240, 360, 480), RetrySchedule.WhenExhausted.GIVE_UP));
        assertThat(verizon.pdnRetry().delays()).isEqualTo(seconds(2, 60, 1800));
        assertThat(verizon.customApn()).isEqualTo(CarrierProfile.CustomApn.IGNORED);
    }

    @Test
    void unpublishedCarriersUsePlaceholderHostsAndSayTheyAreEmulatorDefaults() throws Exception {
        for (CarrierProfile profile : CarrierProfiles.builtIn().all()) {
            if (profile.carrier() == Carrier.VERIZON) {
                continue;
            }
            assertThat(profile.facts()).as(profile.id()).isEqualTo(CarrierProfile.Facts.EMULATOR_DEFAULT);
            for (String uri : List.of(profile.bootstrapUri(), profile.dmUri())) {
                if (!uri.isEmpty()) {
                    assertThat(URI.create(uri).getHost()).as(profile.id()).endsWith(".invalid");
                }
            }
            assertThat(profile.endpointName()).as(profile.id()).isEqualTo("urn:imei:{imei}");
        }
    }

    @Test
    void genericUsesTheDocumentedEmulatorSchedules() throws Exception {
        CarrierProfile generic = CarrierProfiles.builtIn().of(Carrier.GENERIC).orElseThrow();
        assertThat(generic.dmRetry()).isEqualTo(new RetrySchedule(seconds(60, 120, 240, 480, 86400), RetrySchedule.WhenExhausted.REPEAT_LAST));
        assertThat(generic.bootstrapRetry()).isEqualTo(new RetrySchedule(seconds(60, 120, 240, 480), RetrySchedule.WhenExhausted.GIVE_UP));
        assertThat(generic.lifetimeSeconds()).isEqualTo(3600);
        assertThat(generic.objects()).contains(19, 20);
    }

    @Test
    void softbankRegistersWithoutBootstrapServerAndNotByItself() throws Exception {
        CarrierProfile softbank = CarrierProfiles.builtIn().of(Carrier.SOFTBANK).orElseThrow();
        assertThat(softbank.usesBootstrapServer()).isFalse();
        assertThat(softbank.autoRegister()).isFalse();
        assertThat(softbank.dmUri()).isNotEmpty();
    }

    @Test
    void retryScheduleRepeatsOrGivesUpAfterItsLastStep() {
        RetrySchedule giveUp = new RetrySchedule(seconds(1, 2), RetrySchedule.WhenExhausted.GIVE_UP);
        assertThat(giveUp.delayAfter(1)).contains(Duration.ofSeconds(1));
        assertThat(giveUp.delayAfter(2)).contains(Duration.ofSeconds(2));
        assertThat(giveUp.delayAfter(3)).isEmpty();
        RetrySchedule repeat = new RetrySchedule(seconds(1, 2), RetrySchedule.WhenExhausted.REPEAT_LAST);
        assertThat(repeat.delayAfter(9)).contains(Duration.ofSeconds(2));
    }

    private static String builtInText() throws IOException {
        try (InputStream in = CarrierProfiles.class.getResourceAsStream(CarrierProfiles.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CarrierProfileException failure(String json) {
        try {
            CarrierProfiles.parse("my-profiles.json", json);
        } catch (CarrierProfileException e) {
            return e;
        }
        throw new AssertionError("expected a CarrierProfileException");
    }

    @Test
    void brokenFilesNameTheFileAndTheField() throws Exception {
        String text = builtInText();
        assertThat(failure(text.replace("\"coaps://boot.lwm2m.vzwdm.com:5684\"", "\"https://boot.example\"")))
                .hasMessage("my-profiles.json: profiles[0].bootstrapUri: scheme must be coap or coaps");
        assertThat(failure(text.replace("\"311480\", ", "\"31148X\", ")))
                .hasMessage("my-profiles.json: profiles[0].homePlmns[3]: a PLMN is MCC and MNC, 5 or 6 digits, as a string");
        assertThat(failure(text.replace("\"msisdnRequired\": true", "\"msisdnRequired\": \"yes\"")))
                .hasMessage("my-profiles.json: profiles[0].msisdnRequired: must be true or false");
        assertThat(failure(text.replaceFirst("\"binding\": \"U\"", "\"binding\": \"U\", \"bindng\": \"U\"")))
                .hasMessage("my-profiles.json: profiles[0].bindng: unknown field");
        assertThat(failure(text.replace("urn:imei-msisdn:{imei}-{msisdn10}", "urn:imei:{iccid}")))
                .hasMessageStartingWith("my-profiles.json: profiles[0].endpointName: unknown placeholder {iccid}");
        assertThat(failure(text.replace("\"carrier\": \"T_MOBILE\"", "\"carrier\": \"VERIZON\"")))
                .hasMessage("my-profiles.json: profiles[1].carrier: a second profile for VERIZON");
        assertThat(failure(text.replace("\"whenExhausted\": \"give-up\"", "\"whenExhausted\": \"forever\"")))
                .hasMessage("my-profiles.json: profiles[0].bootstrapRetry.whenExhausted: 'forever' is not one of [repeat-last, give-up]");
        assertThat(failure(text.replaceFirst("\"lifetimeSeconds\": 86400,", "")))
                .hasMessage("my-profiles.json: profiles[0].lifetimeSeconds: is required");
        assertThat(failure("{ \"formatVersion\": 1, \"profiles\": [ }"))
                .hasMessageStartingWith("my-profiles.json: is not JSON: line 1, column");
        assertThat(failure("{ \"formatVersion\": 2, \"profiles\": [] }"))
                .hasMessage("my-profiles.json: formatVersion: 2 is outside 1..1");
    }

    @Test
    void aUserFileOverridesProfilesByCarrier() throws Exception {
        String certification = builtInText().replace("coaps://boot.lwm2m.vzwdm.com:5684", "coaps://vzw-cert.example.invalid:5684");
        CarrierProfiles merged = CarrierProfiles.builtIn().overriddenBy(CarrierProfiles.parse("cert.json", certification));
        assertThat(merged.of(Carrier.VERIZON).map(CarrierProfile::bootstrapUri)).contains("coaps://vzw-cert.example.invalid:5684");
        assertThat(merged.all()).hasSize(6);
        Optional<CarrierProfile> softbank = merged.of(Carrier.SOFTBANK);
        assertThat(softbank).isPresent();
    }
}
