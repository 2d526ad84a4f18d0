package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.FOTA_START;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.os.sim.dfu.FirmwareImages;
import io.carrieremu.os.sim.dfu.SimDfuTarget;
import io.carrieremu.os.sim.repository.FirmwareRepository;
import io.carrieremu.os.sim.repository.FirmwareRepository.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A pull download survives dropped connections and power cuts, resuming where the stored bytes end. */
class FotaResumeTest {

    private static final String PATH = "/fw/delta.bin";

    @Test
    void dropsAtThirtySixtyAndNinetyPercentResumeToTheOriginalBytesWithNoRangeServedMoreThanTwice() throws Exception {
        byte[] image = FirmwareImages.modemDelta(FotaFixture.DELTA_VERSION, 100_000, 5);
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish(PATH, image);
            for (int percent : new int[] {30, 60, 90}) {
                fota.repository.dropAt(image.length * (long) percent / 100, 1);
            }
            assertThat(fota.writeUri(fota.repository.uri(Protocol.HTTPS, PATH).toString()).isSuccess()).isTrue();
            assertThat(fota.runUntilState(2, Duration.ofHours(1))).isTrue();

            assertThat(fota.sim.device().dfu().storedBytes()).isEqualTo(image.length);
            assertThat(fota.sim.device().dfu().storedCrc32()).as("CRC of the stored image").isEqualTo(SimDfuTarget.crc32(image));
            List<FirmwareRepository.Request> requests = fota.repository.requests(PATH);
            assertThat(requests).extracting(FirmwareRepository.Request::answer).containsExactly("200", "206", "206", "206");
            int[] percents = {30, 60, 90};
            for (int i = 0; i < 3; i++) {
                long drop = image.length * (long) percents[i] / 100;
                long from = requests.get(i + 1).from();
                // The fragment the drop cut short never reached the device: it resumes after the last whole one.
                assertThat(from).as("resume after the drop at %d %%", percents[i]).isLessThanOrEqualTo(drop)
                        .isGreaterThan(drop - 2048).isEqualTo(from / 2048 * 2048);
            }
            assertThat(fota.repository.maxTimesServed(PATH)).as("no byte range served more than twice").isLessThanOrEqualTo(2);
            assertThat(fota.sim.application().eventTypes()).filteredOn(t -> t == FOTA_START).hasSize(1);
            assertThat(fota.stateChanges()).containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void aPowerCutAtARandomOffsetResumesFromThePersistedBytesAfterTheReboot() throws Exception {
        byte[] image = FirmwareImages.modemDelta(FotaFixture.DELTA_VERSION, 50_000, 9);
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish(PATH, image);
            String uri = fota.repository.uri(Protocol.HTTP, PATH).toString();
            for (long seed = 1; seed <= 10; seed++) {
                long cut = 1 + new Random(seed).nextInt(image.length - 2);
                int boots = fota.sim.device().boots();
                int registrations = (int) fota.sim.application().eventTypes().stream().filter(t -> t == REGISTERED).count();
                int requestsBefore = fota.repository.requests(PATH).size();
                fota.sim.device().powerCutDuringDfuAfter(cut);
                assertThat(fota.writeUri(uri).isSuccess()).as("seed %d", seed).isTrue();
                assertThat(fota.sim.runUntil(REGISTERED, registrations + 1, Duration.ofHours(2)))
                        .as("seed %d: registered after the power came back", seed).isTrue();
                assertThat(fota.run(() -> fota.sim.device().dfu().storedBytes() == image.length, Duration.ofHours(1)))
                        .as("seed %d: downloaded", seed).isTrue();
                fota.sim.device().clock().runUntilIdle();
                assertThat(fota.read(3)).as("seed %d: State Downloaded", seed).isEqualTo(2);

                assertThat(fota.sim.device().boots()).as("seed %d", seed).isEqualTo(boots + 1);
                List<FirmwareRepository.Request> requests = fota.repository.requests(PATH);
                List<FirmwareRepository.Request> mine = requests.subList(requestsBefore, requests.size());
                assertThat(mine).as("seed %d: one request before the cut, one resuming after it", seed).hasSize(2);
                assertThat(mine.get(1).from()).as("seed %d: resumed at the bytes that reached flash", seed).isEqualTo(cut);
                assertThat(mine.get(1).answer()).isEqualTo("206");
                assertThat(fota.sim.device().dfu().storedCrc32()).as("seed %d", seed).isEqualTo(SimDfuTarget.crc32(image));
                assertThat(fota.sim.events()).as("seed %d: the resumed download is announced after the boot", seed)
                        .contains(new CarrierEvent.FotaStart(uri));
                assertThat(fota.writeUri("").isSuccess()).isTrue();
                assertThat(fota.read(3)).isZero();
            }
        }
    }
}
