package io.carrieremu.os.sim.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.carrier.CarrierDetector;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.carrier.Detection;
import io.carrieremu.core.carrier.Identity;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.carrier.SubscriberReader;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.sim.SimProfiles;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Carrier detection by subscriber, read from the simulated modem's SIM, against the carriers mask. */
class DetectionTableTest {

    private static Subscriber subscriberOf(String profile) throws Exception {
        try (SimulatedDevice device = SimulatedDevice.builder().profile(profile).build()) {
            device.os().at().send("AT+CFUN=4");
            return new SubscriberReader(device.os().at()).read();
        }
    }

    /** Rows: SIM profile | carriers_enabled mask | expected: a carrier, or UNSUPPORTED:<subscriber carrier>. */
    @ParameterizedTest(name = "{0} with mask {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            verizon  | 0x00 | VERIZON
            t-mobile | 0x00 | T_MOBILE
            lg-uplus | 0x00 | LG_UPLUS
            softbank | 0x00 | SOFTBANK
            bell-ca  | 0x00 | BELL_CA
            unknown  | 0x00 | GENERIC
            verizon  | 0x02 | VERIZON
            t-mobile | 0x02 | UNSUPPORTED:T_MOBILE
            t-mobile | 0x03 | GENERIC
            verizon  | 0x01 | GENERIC
            unknown  | 0x01 | GENERIC
            unknown  | 0x12 | UNSUPPORTED:GENERIC
            unknown  | 0x7A | UNSUPPORTED:GENERIC
            softbank | 0x7A | SOFTBANK
            """)
    void eachSimProfileGetsTheExpectedCarrier(String profile, String mask, String expected) throws Exception {
        Subscriber subscriber = subscriberOf(profile);
        Detection detection = new CarrierDetector(CarrierProfiles.builtIn())
                .detect(subscriber, Carrier.fromMask(Integer.decode(mask)));
        if (expected.startsWith("UNSUPPORTED:")) {
            assertThat(detection).isEqualTo(new Detection.Unsupported(Carrier.valueOf(expected.substring(12))));
        } else {
            assertThat(detection).isInstanceOfSatisfying(Detection.Detected.class,
                    d -> assertThat(d.profile().carrier()).isEqualTo(Carrier.valueOf(expected)));
        }
    }

    @Test
    void tMobileIsFoundByImsiBecauseItsSimsHaveNoOperatorId() throws Exception {
        Subscriber subscriber = subscriberOf("t-mobile");
        assertThat(subscriber.operatorId()).isZero();
        assertThat(new CarrierDetector(CarrierProfiles.builtIn()).subscriberCarrier(subscriber)).isEqualTo(Carrier.T_MOBILE);
    }

    @Test
    void verizonEndpointNameCarriesImeiAndTenDigitMsisdn() throws Exception {
        Subscriber subscriber = subscriberOf("verizon");
        var profile = CarrierProfiles.builtIn().of(Carrier.VERIZON).orElseThrow();
        assertThat(Identity.of(profile, subscriber)).contains(
                new Identity("urn:imei-msisdn:352656100367872-5551234567", "urn:imei-msisdn:352656100367872-5551234567"));
        Subscriber withoutMsisdn = new Subscriber(subscriber.imei(), subscriber.imsi(), subscriber.iccid(), Optional.empty(), 1);
        assertThat(Identity.of(profile, withoutMsisdn)).as("defers with SIM_MSISDN").isEmpty();
    }

    @Test
    void otherCarriersUseTheImeiUrn() throws Exception {
        Subscriber subscriber = subscriberOf("t-mobile");
        var profile = CarrierProfiles.builtIn().of(Carrier.T_MOBILE).orElseThrow();
        assertThat(Identity.of(profile, subscriber).map(Identity::endpointName)).contains("urn:imei:352656100367872");
    }

    @Test
    void subscriberIsReadFromTheModem() throws Exception {
        Subscriber subscriber = subscriberOf("verizon");
        assertThat(subscriber).isEqualTo(new Subscriber("352656100367872", SimProfiles.verizon().imsi(),
                SimProfiles.verizon().iccid(), Optional.of("+15551234567"), 1));
    }
}
