package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The simulator's transcript shows keys as {@code toString()} does: by size, never their bytes. */
class TranscriptSecretsTest {

    private static final byte[] APP_KEY = HexFormat.of().parseHex("5ec7e75ec7e75ec7e75ec7e75ec7e7aa");
    private static final byte[] SIM_RECORD_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");

    @Test
    void transcriptNeverShowsAKey() throws Exception {
        List<String> transcripts = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>(List.of(APP_KEY, SIM_RECORD_KEY));
        // A first boot: the factory key and an application key written with AT%CMNG, the DM key the
        // bootstrap server sent written by the library.
        try (CarrierSim sim = CarrierSim.builder("verizon").build()) {
            sim.device().os().credentials().write(42, Credential.psk(Psk.ofBytes(APP_KEY)));
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            transcripts.add(sim.device().transcript().print());
            keys.add(sim.provisioned().orElseThrow().bootstrapKey());
            keys.add(sim.provisioned().orElseThrow().dmKey());
        }
        // A SIM bootstrap: the record, key included, comes over AT+CSIM.
        String simServer = "coaps://bs.from-sim.example.invalid:5684";
        SimCard card = SimProfiles.builder("t-mobile").files(SmartcardBootstrap.files(SimProfiles.tMobile().iccid(),
                List.of(SmartcardBootstrap.Instance.security(0, simServer, true,
                        "urn:imei:352656100367872".getBytes(StandardCharsets.UTF_8), SIM_RECORD_KEY, 0, 0)),
                SmartcardBootstrap.OidEncoding.DER)).build();
        try (CarrierSim sim = CarrierSim.builder("t-mobile").sim(card).bootstrapKey(SIM_RECORD_KEY)
                .carrierOptions(SimulatedCarrier.Options.defaults().withBootstrapUri(simServer)).build().start()) {
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            String transcript = sim.device().transcript().print();
            assertThat(transcript).as("the SIM record was read").contains("bytes redacted]9000");
            transcripts.add(transcript);
            keys.add(sim.provisioned().orElseThrow().dmKey());
        }

        for (String transcript : transcripts) {
            assertThat(transcript).as("credential writes happened").contains("AT%CMNG=0,25,3,[34 characters redacted]");
            for (byte[] key : keys) {
                for (String form : forms(key)) {
                    assertThat(transcript).as("key in the form %s", form).doesNotContain(form);
                }
            }
        }
    }

    /** A key as hex (both cases), base64 (with and without padding) and {@code Arrays.toString}. */
    private static List<String> forms(byte[] key) {
        String hex = HexFormat.of().formatHex(key);
        return List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(key),
                Base64.getEncoder().withoutPadding().encodeToString(key), Arrays.toString(key));
    }
}
