package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code session_idle_timeout}: the library closes an idle DTLS session with a DM server (close_notify)
 * and opens a new one on the next request — unless the session uses a DTLS Connection ID. Asserted on
 * the device's datagrams (virtual time) and on the DM server's DTLS layer (handshakes, close_notify).
 */
class SessionIdleTimeoutTest {

    private static final String DM102 = "dm102.verizon.sim.invalid:5684";

    @Test
    void idleSessionIsClosedAfterTheIdleTimeAndANewOneCarriesTheNextUpdate() throws Exception {
        CarrierConfig config = CarrierConfig.builder().sessionIdleTimeout(120).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").config(config).build()) {
            RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.device().clock().runUntil(() -> !dm102.registrations.isEmpty(), Duration.ofMinutes(5))).isTrue();
            assertThat(sim.carrier().dmHandshakes(102)).isEqualTo(1);
            long lastTraffic = lastDatagramTo(sim, DM102);

            sim.device().clock().runUntil(() -> false, Duration.ofMillis(lastTraffic + 119_999 - sim.device().clock().nowMillis()));
            assertThat(alertsTo(sim, DM102)).as("still open just before the idle time").isEmpty();
            sim.device().clock().advance(Duration.ofMillis(1));
            assertThat(alertsTo(sim, DM102)).as("close_notify when the idle time is up").containsExactly(lastTraffic + 120_000);
            assertThat(sim.carrier().dmSessionsClosedByDevice(102)).isEqualTo(1);

            // The next Update (before the day-long lifetime ends) needs a new session.
            assertThat(sim.device().clock().runUntil(() -> !dm102.updates.isEmpty(), Duration.ofDays(1))).isTrue();
            assertThat(sim.carrier().dmHandshakes(102)).as("a new handshake for the update").isEqualTo(2);
            long updateTraffic = lastDatagramTo(sim, DM102);
            sim.device().clock().advance(Duration.ofSeconds(120));
            assertThat(alertsTo(sim, DM102)).containsExactly(lastTraffic + 120_000, updateTraffic + 120_000);
            assertThat(sim.carrier().dmSessionsClosedByDevice(102)).isEqualTo(2);
        }
    }

    @Test
    void sessionWithAConnectionIdStaysOpenWhenIdle() throws Exception {
        CarrierConfig config = CarrierConfig.builder().sessionIdleTimeout(120).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").config(config)
                .carrierOptions(SimulatedCarrier.Options.defaults().withDmConnectionIds(true)).build()) {
            RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.device().clock().runUntil(() -> !dm102.registrations.isEmpty(), Duration.ofMinutes(5))).isTrue();
            assertThat(sim.carrier().dmConnectionIdHandshakes(102)).as("Connection ID negotiated").isEqualTo(1);

            assertThat(sim.device().clock().runUntil(() -> !dm102.updates.isEmpty(), Duration.ofDays(1))).isTrue();
            assertThat(alertsTo(sim, DM102)).as("never closed").isEmpty();
            assertThat(sim.carrier().dmHandshakes(102)).as("the update used the first session").isEqualTo(1);
            assertThat(sim.carrier().dmSessionsClosedByDevice(102)).isZero();
            assertThat(sim.device().transcript().lines(Transcript.Kind.DATAGRAM_OUT))
                    .anyMatch(line -> line.contains(DM102) && line.endsWith("DTLS tls12_cid"));
        }
    }

    @Test
    void disabledIdleTimeoutKeepsTheSessionOpen() throws Exception {
        CarrierConfig config = CarrierConfig.builder().sessionIdleTimeout(-1).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").config(config).build()) {
            RegistrationRecorder dm102 = RegistrationRecorder.at(sim, 102);
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.device().clock().runUntil(() -> !dm102.updates.isEmpty(), Duration.ofDays(1))).isTrue();
            assertThat(alertsTo(sim, DM102)).isEmpty();
            assertThat(sim.carrier().dmHandshakes(102)).isEqualTo(1);
        }
    }

    /** Virtual times of DTLS alerts the device sent to {@code host}. */
    private static List<Long> alertsTo(CarrierSim sim, String host) {
        return sim.device().transcript().entries(Transcript.Kind.DATAGRAM_OUT).stream()
                .filter(e -> e.text().contains(" " + host + " ") && e.text().endsWith("DTLS alert"))
                .map(Transcript.Entry::virtualMillis)
                .toList();
    }

    /** Virtual time of the last datagram between the device and {@code host}. */
    private static long lastDatagramTo(CarrierSim sim, String host) {
        return sim.device().transcript().entries(Transcript.Kind.DATAGRAM_OUT, Transcript.Kind.DATAGRAM_IN).stream()
                .filter(e -> e.text().contains(" " + host + " "))
                .mapToLong(Transcript.Entry::virtualMillis)
                .max()
                .orElseThrow();
    }
}
