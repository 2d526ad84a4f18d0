package io.carrieremu.core.fota;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Storage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The firmware update's NVS records: round trips, and every kind of damage read as "no record". */
class FotaStateStoreTest {

    /** NVS semantics in a map: what the store relies on (atomic whole-record replace). */
    private static final class MapStorage implements Storage {
        final Map<Integer, byte[]> records = new HashMap<>();

        @Override
        public Optional<byte[]> read(int id) {
            return Optional.ofNullable(records.get(id)).map(byte[]::clone);
        }

        @Override
        public void write(int id, byte[] data) {
            records.put(id, data.clone());
        }

        @Override
        public void delete(int id) {
            records.remove(id);
        }
    }

    private static final FotaRecord DOWNLOADING = new FotaRecord(FirmwareState.DOWNLOADING, UpdateResult.INITIAL, Delivery.PULL,
            "https://127.0.0.1:8443/fw/delta.bin", DfuImageType.MODEM_DELTA, 123_456, "mfw_nrf9160_1.3.6", false);

    @Test
    void recordAndProgressRoundTrip() throws OsException {
        MapStorage storage = new MapStorage();
        FotaStateStore store = new FotaStateStore(storage);
        assertThat(store.load()).isEmpty();
        assertThat(store.progress()).isEqualTo(FotaProgress.NONE);
        store.save(DOWNLOADING);
        store.saveProgress(new FotaProgress(40_960, 0xFEDCBA98L));
        assertThat(store.load()).contains(DOWNLOADING);
        assertThat(store.progress()).isEqualTo(new FotaProgress(40_960, 0xFEDCBA98L));
        assertThat(storage.records).containsOnlyKeys(FotaStateStore.RECORD_ID, FotaStateStore.PROGRESS_ID);
        store.clearProgress();
        assertThat(store.progress()).isEqualTo(FotaProgress.NONE);
    }

    @Test
    void everyFlippedByteOrCutOfTheRecordIsReadAsNoneAndDeleted() throws OsException {
        byte[] good = FotaStateStore.encode(DOWNLOADING);
        Random random = new Random(3);
        for (int i = 0; i < good.length; i++) {
            MapStorage storage = new MapStorage();
            byte[] damaged = good.clone();
            damaged[i] ^= (byte) (1 + random.nextInt(255));
            storage.write(FotaStateStore.RECORD_ID, damaged);
            storage.write(FotaStateStore.PROGRESS_ID, new byte[] {1, 2, 3});
            FotaStateStore store = new FotaStateStore(storage);
            assertThat(store.load()).as("byte %d flipped", i).isEmpty();
            assertThat(storage.records).as("byte %d: both records deleted", i).isEmpty();

            MapStorage cut = new MapStorage();
            cut.write(FotaStateStore.RECORD_ID, java.util.Arrays.copyOf(good, i + 1 == good.length ? i : i + 1));
            assertThat(new FotaStateStore(cut).load()).as("cut at %d", i).isEmpty();
        }
        MapStorage progress = new MapStorage();
        progress.write(FotaStateStore.PROGRESS_ID, new byte[] {'C', 'E', 'F', 'P', 1, 0, 0, 0, 0, 0, 0});
        assertThat(new FotaStateStore(progress).progress()).isEqualTo(FotaProgress.NONE);
    }

    @Test
    void theRunningCrcContinuesFromAStoredValueAsTheJdksWouldOverTheWhole() {
        byte[] data = new byte[10_000];
        new Random(5).nextBytes(data);
        CRC32 whole = new CRC32();
        whole.update(data);
        long first = RunningCrc.update(0, java.util.Arrays.copyOf(data, 4321));
        long both = RunningCrc.update(first, java.util.Arrays.copyOfRange(data, 4321, data.length));
        assertThat(both).isEqualTo(whole.getValue());
        assertThat(RunningCrc.update(0, new byte[0])).isZero();
    }
}
