package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.os.sim.dfu.FirmwareImages;
import io.carrieremu.os.sim.repository.FirmwareRepository.Protocol;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A firmware update over real sockets from real servers still gives the simulated world the same run:
 * the same transcript (AT lines, datagrams, downloads) and the same events at the same virtual times,
 * on a quiet machine and on a loaded one.
 */
class FotaDeterminismTest {

    /**
     * A slow repository (paced in virtual time, so the device's timers run during the download), two
     * dropped connections, a modem delta over HTTPS applied and the device registered again.
     */
    private static String scenario() throws Exception {
        byte[] delta = FirmwareImages.modemDelta(FotaFixture.DELTA_VERSION, 40_000, 11);
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish("/fw/delta.bin", delta);
            fota.repository.slow(20_000);
            fota.repository.dropAt(15_000, 1);
            fota.repository.dropAt(30_000, 1);
            assertThat(fota.writeUri(fota.repository.uri(Protocol.HTTPS, "/fw/delta.bin").toString()).isSuccess()).isTrue();
            assertThat(fota.runUntilState(2, Duration.ofHours(1))).isTrue();
            assertThat(fota.update().isSuccess()).isTrue();
            assertThat(fota.sim.runUntil(REGISTERED, 2, Duration.ofHours(1))).isTrue();
            fota.sim.device().clock().advance(Duration.ofMinutes(5));
            String events;
            synchronized (fota.sim.application().timedEvents()) {
                events = fota.sim.application().timedEvents().stream().map(e -> e.at() + " " + e.event())
                        .collect(Collectors.joining("\n"));
            }
            // The repository's ports and its CA's key are made afresh each run; everything else is the world's.
            String run = fota.sim.device().transcript().print() + "\n--- events\n" + events + "\n--- states " + fota.stateChanges();
            return run.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT")
                    .replaceAll("(?s)-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", "CERTIFICATE")
                    .replaceAll("%CMNG: 411,0,\"[0-9A-F]{64}\"", "%CMNG: 411,0,\"CA HASH\"");
        }
    }

    @Test
    void theSameUpdateGivesTheSameTranscriptTwiceEvenUnderCpuLoad() throws Exception {
        String quiet = scenario();
        assertThat(quiet).contains("download failed (EIO)", "modem library initialised: UPDATED", "FotaSuccess");
        String loaded = TestSupport.underCpuLoad(FotaDeterminismTest::scenario);
        assertThat(loaded).isEqualTo(quiet);
    }
}
