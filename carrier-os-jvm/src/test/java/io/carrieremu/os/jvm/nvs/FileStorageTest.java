package io.carrieremu.os.jvm.nvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {

    @TempDir
    Path directory;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsSurviveReopening() throws Exception {
        FileStorage storage = FileStorage.open(directory);
        assertThat(storage.read(0xCA00)).isEmpty();
        storage.write(0xCA00, text("bootstrap state"));
        storage.write(0xCAFF, text("last"));
        storage.write(0xCA00, text("newer"));
        FileStorage again = FileStorage.open(directory);
        assertThat(again.read(0xCA00)).hasValueSatisfying(v -> assertThat(v).isEqualTo(text("newer")));
        assertThat(again.read(0xCAFF)).hasValueSatisfying(v -> assertThat(v).isEqualTo(text("last")));
        again.delete(0xCA00);
        again.delete(0xCA00);
        assertThat(again.read(0xCA00)).isEmpty();
    }

    @Test
    void idsOutsideTheRangeAndEmptyRecordsAreRefused() throws Exception {
        FileStorage storage = FileStorage.open(directory);
        assertThatThrownBy(() -> storage.read(0xC9FF)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.write(0xCB00, text("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.write(0xCA00, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordOverTheLimitIsE2bigAndTheOldOneStays() throws Exception {
        FileStorage storage = FileStorage.open(directory, 4096);
        storage.write(0xCA01, text("old"));
        assertThatThrownBy(() -> storage.write(0xCA01, new byte[4097]))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.E2BIG));
        assertThat(storage.read(0xCA01)).hasValueSatisfying(v -> assertThat(v).isEqualTo(text("old")));
    }

    @Test
    void corruptFilesAreTreatedAsAbsentAndTheNextWriteRepairsThem() throws Exception {
        FileStorage storage = FileStorage.open(directory);
        storage.write(0xCA02, text("a record with a CRC"));
        Path file = storage.fileOf(0xCA02);
        byte[] raw = Files.readAllBytes(file);

        byte[] flipped = raw.clone();
        flipped[12] ^= 0x01;
        Files.write(file, flipped);
        assertThat(storage.read(0xCA02)).as("a flipped bit").isEmpty();

        Files.write(file, Arrays.copyOf(raw, raw.length - 3));
        assertThat(storage.read(0xCA02)).as("a torn file").isEmpty();

        Files.write(file, Arrays.copyOf(raw, 5));
        assertThat(storage.read(0xCA02)).as("a stub").isEmpty();

        Files.write(storage.fileOf(0xCA03), raw);
        assertThat(storage.read(0xCA03)).as("another id's record").isEmpty();

        Files.write(file, text("not a record at all"));
        assertThat(storage.read(0xCA02)).isEmpty();

        storage.write(0xCA02, text("repaired"));
        assertThat(storage.read(0xCA02)).hasValueSatisfying(v -> assertThat(v).isEqualTo(text("repaired")));
    }
}
