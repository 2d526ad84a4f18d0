package io.carrieremu.os.sim.nvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimStorageTest {

    private record Op(int id, String value) {
        byte[] bytes() {
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A sequence that overwrites, deletes and re-creates records of different sizes. */
    private static final List<Op> SEQUENCE = List.of(
            new Op(0xCA00, "bootstrap v1"),
            new Op(0xCA01, "server settings"),
            new Op(0xCA00, "bootstrap v2, a longer record than before"),
            new Op(0xCA01, null),
            new Op(0xCA02, "x"),
            new Op(0xCA00, "v3"),
            new Op(0xCA01, "server settings again"));

    private static void apply(SimStorage storage, Op op) throws OsException {
        if (op.value() == null) {
            storage.delete(op.id());
        } else {
            storage.write(op.id(), op.bytes());
        }
    }

    @Test
    void powerCutAtEveryWriteAndEveryByteLeavesOldOrNewRecordsNeverAMix() throws Exception {
        int scenarios = 0;
        for (int cutAt = 1; cutAt <= SEQUENCE.size(); cutAt++) {
            Op torn = SEQUENCE.get(cutAt - 1);
            int entryLength = 8 + (torn.value() == null ? 0 : torn.bytes().length);
            for (int bytes = 0; bytes <= entryLength; bytes++) {
                SimStorage storage = SimStorage.inMemory();
                Map<Integer, byte[]> before = new HashMap<>();
                storage.injectPowerCut(cutAt, bytes);
                boolean cut = false;
                for (int i = 0; i < SEQUENCE.size() && !cut; i++) {
                    Op op = SEQUENCE.get(i);
                    if (i == cutAt - 1) {
                        for (int id : new int[] {0xCA00, 0xCA01, 0xCA02}) {
                            storage.read(id).ifPresent(v -> before.put(id, v));
                        }
                        int index = i;
                        assertThatThrownBy(() -> apply(storage, SEQUENCE.get(index)))
                                .isInstanceOf(OsException.class)
                                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.EIO));
                        cut = true;
                    } else {
                        apply(storage, op);
                    }
                }
                assertThat(storage.isDead()).isTrue();
                assertThatThrownBy(() -> storage.read(0xCA00)).isInstanceOf(OsException.class);

                storage.remount();
                Optional<byte[]> after = storage.read(torn.id());
                byte[] oldValue = before.get(torn.id());
                boolean isOld = oldValue == null ? after.isEmpty() : after.isPresent() && java.util.Arrays.equals(after.get(), oldValue);
                boolean isNew = torn.value() == null ? after.isEmpty() : after.isPresent() && java.util.Arrays.equals(after.get(), torn.bytes());
                assertThat(isOld || isNew).as("record 0x%X after a cut at write %d byte %d", torn.id(), cutAt, bytes).isTrue();
                if (bytes < entryLength) {
                    assertThat(isOld).as("a torn entry leaves the old record (write %d, byte %d)", cutAt, bytes).isTrue();
                } else {
                    assertThat(isNew).as("a complete entry is the new record (write %d)", cutAt).isTrue();
                }
                for (int id : new int[] {0xCA00, 0xCA01, 0xCA02}) {
                    if (id != torn.id()) {
                        assertThat(storage.read(id).orElse(null)).as("untouched record 0x%X", id).isEqualTo(before.get(id));
                    }
                }
                scenarios++;
            }
        }
        assertThat(scenarios).isGreaterThan(100);
    }

    @Test
    void readReturnsTheNewestRecordAndDeleteRemovesIt() throws Exception {
        SimStorage storage = SimStorage.inMemory();
        assertThat(storage.read(0xCA10)).isEmpty();
        storage.write(0xCA10, new byte[] {1});
        storage.write(0xCA10, new byte[] {2, 3});
        assertThat(storage.read(0xCA10)).hasValueSatisfying(v -> assertThat(v).containsExactly(2, 3));
        storage.delete(0xCA10);
        assertThat(storage.read(0xCA10)).isEmpty();
        storage.delete(0xCA10);
    }

    @Test
    void idsOutsideTheLibraryRangeAreRefused() {
        SimStorage storage = SimStorage.inMemory();
        assertThatThrownBy(() -> storage.write(0xC9FF, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.read(0xCB00)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.write(0xCA00, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oversizedRecordIsE2bigAndFullFlashIsEnomemWithOldRecordsIntact() throws Exception {
        SimStorage storage = SimStorage.inMemory(3 * (SimStorage.MAX_RECORD + 8));
        assertThatThrownBy(() -> storage.write(0xCA00, new byte[SimStorage.MAX_RECORD + 1]))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.E2BIG));
        byte[] big = new byte[SimStorage.MAX_RECORD];
        storage.write(0xCA00, big);
        storage.write(0xCA01, big);
        storage.write(0xCA02, big);
        assertThatThrownBy(() -> storage.write(0xCA03, big))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENOMEM));
        assertThat(storage.read(0xCA02)).isPresent();
    }

    @Test
    void compactionKeepsLiveRecords() throws Exception {
        SimStorage storage = SimStorage.inMemory(SimStorage.MAX_RECORD + 8);
        for (int i = 0; i < 500; i++) {
            storage.write(0xCA00 + (i % 3), ("value " + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(new String(storage.read(0xCA00 + (499 % 3)).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("value 499");
        assertThat(new String(storage.read(0xCA00 + (498 % 3)).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("value 498");
    }

    @Test
    void stateDirectorySurvivesANewInstanceAndATornTail(@TempDir Path dir) throws Exception {
        SimStorage first = SimStorage.inDirectory(dir);
        first.write(0xCA00, "kept".getBytes(StandardCharsets.UTF_8));
        first.injectPowerCut(1, 5);
        assertThatThrownBy(() -> first.write(0xCA00, "lost".getBytes(StandardCharsets.UTF_8))).isInstanceOf(OsException.class);

        SimStorage second = SimStorage.inDirectory(dir);
        assertThat(new String(second.read(0xCA00).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("kept");
        assertThat(Files.size(dir.resolve("nvs.bin"))).as("torn tail cut off at mount").isEqualTo(8 + 4);
    }
}
