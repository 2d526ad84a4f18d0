package io.carrieremu.os.jvm.dfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.DfuHeader;
import io.carrieremu.core.os.DfuImageRecognizer;
import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.OsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDfuTargetTest {

    private static final long CAPACITY = 64 * 1024;

    @TempDir
    Path directory;

    private final List<byte[]> installed = new CopyOnWriteArrayList<>();
    private final List<DfuImageType> installedTypes = new CopyOnWriteArrayList<>();
    private volatile boolean installerFails;

    private FileDfuTarget open() throws IOException {
        return FileDfuTarget.open(directory, CAPACITY, CAPACITY, (type, image) -> {
            if (installerFails) {
                throw new IOException("the bootloader refused it");
            }
            installedTypes.add(type);
            installed.add(Files.readAllBytes(image));
        });
    }

    static byte[] mcuboot(int size) {
        byte[] image = new byte[size];
        for (int i = 0; i < size; i++) {
            image[i] = (byte) (i * 31 + 7);
        }
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(0, DfuImageRecognizer.MCUBOOT_MAGIC);
        return image;
    }

    static byte[] modemDelta(String version, int payload) {
        byte[] image = new byte[DfuImageRecognizer.MODEM_DELTA_HEADER + payload];
        System.arraycopy(DfuImageRecognizer.modemDeltaMagic(), 0, image, 0, 8);
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, image, 8, v.length);
        return image;
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    private static Errno errno(Throwable e) {
        return ((OsException) e).errno();
    }

    private static void send(FileDfuTarget dfu, byte[] image, int from, int to, int fragment) throws OsException {
        for (int i = from; i < to; i += fragment) {
            byte[] part = Arrays.copyOfRange(image, i, Math.min(to, i + fragment));
            dfu.fragment(part, crc(part));
        }
    }

    @Test
    void recognisesImageTypesWithTheCoreRules() throws Exception {
        FileDfuTarget dfu = open();
        assertThat(dfu.detect(mcuboot(64)).type()).isEqualTo(DfuImageType.APPLICATION);
        assertThat(dfu.detect(modemDelta("mfw_nrf9160_1.3.6", 8)).type()).isEqualTo(DfuImageType.MODEM_DELTA);
        assertThat(dfu.detect(new byte[] {1, 2, 3, 4}).type()).isEqualTo(DfuImageType.NONE);
        byte[] part1 = concat(new DfuHeader(1, false, 0, "2.0.0").toBytes(), mcuboot(64));
        assertThat(dfu.detect(part1).type()).isEqualTo(DfuImageType.APPLICATION_FILE);
        FileDfuTarget reopened = open();
        byte[] part2 = concat(new DfuHeader(2, true, 64, "2.0.0").toBytes(), new byte[16]);
        assertThat(reopened.detect(part2).type()).as("the sequence survives a restart").isEqualTo(DfuImageType.APPLICATION_FILE);
    }

    @Test
    void aCompleteApplicationImageIsScheduledAppliedAtBootThenConfirmed() throws Exception {
        byte[] image = mcuboot(10_000);
        FileDfuTarget dfu = open();
        assertThat(dfu.start(DfuImageType.APPLICATION, image.length, true)).isZero();
        send(dfu, image, 0, image.length, 1024);
        dfu.done(true, crc(image));
        assertThat(dfu.applyAtBoot()).as("nothing scheduled yet").isFalse();
        dfu.scheduleUpdate();
        assertThat(open().scheduledUpdate()).as("the schedule is persisted").contains(DfuImageType.APPLICATION);

        FileDfuTarget afterReboot = open();
        assertThat(afterReboot.applyAtBoot()).isTrue();
        assertThat(installed).hasSize(1);
        assertThat(installed.get(0)).isEqualTo(image);
        assertThat(afterReboot.scheduledUpdate()).isEmpty();
        assertThat(open().validateApplicationUpdate()).isTrue();
        assertThat(open().validateApplicationUpdate()).isFalse();
    }

    @Test
    void anInterruptedImageResumesFromThePersistedOffsetAfterARestart() throws Exception {
        byte[] image = mcuboot(8_000);
        FileDfuTarget dfu = open();
        dfu.start(DfuImageType.APPLICATION, image.length, true);
        send(dfu, image, 0, 3_000, 1000);
        // The process dies: a torn write left bytes past the recorded offset.
        Files.write(directory.resolve("image.bin"), new byte[] {9, 9, 9}, StandardOpenOption.APPEND);

        FileDfuTarget restarted = open();
        assertThat(restarted.storedBytes()).isEqualTo(3_000);
        assertThat(restarted.start(DfuImageType.APPLICATION, image.length, true)).isEqualTo(3_000);
        send(restarted, image, 3_000, image.length, 1000);
        restarted.done(true, crc(image));
        restarted.scheduleUpdate();
        assertThat(restarted.applyAtBoot()).isTrue();
        assertThat(installed.get(0)).isEqualTo(image);
    }

    @Test
    void pausedImageResumesAndAnotherTypeStartsAfresh() throws Exception {
        FileDfuTarget dfu = open();
        byte[] image = mcuboot(4_000);
        dfu.start(DfuImageType.APPLICATION, 0, false);
        send(dfu, image, 0, 2_000, 500);
        assertThat(dfu.pause()).isEqualTo(2_000);
        assertThat(dfu.start(DfuImageType.MODEM_DELTA, 0, false)).as("another type").isZero();
    }

    @Test
    void crcFailuresAreEinvalAndKeepTheOffset() throws Exception {
        FileDfuTarget dfu = open();
        byte[] image = mcuboot(2_000);
        dfu.start(DfuImageType.APPLICATION, image.length, true);
        byte[] first = Arrays.copyOf(image, 1_000);
        assertThatThrownBy(() -> dfu.fragment(first, crc(first) ^ 1)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EINVAL));
        assertThat(dfu.storedBytes()).isZero();
        send(dfu, image, 0, image.length, 1_000);
        assertThatThrownBy(() -> dfu.done(true, crc(image) + 1)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EINVAL));
        dfu.done(true, crc(image));
    }

    @Test
    void sizeLimitsAndStateErrors() throws Exception {
        FileDfuTarget dfu = open();
        assertThatThrownBy(() -> dfu.fragment(new byte[1], 0)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
        assertThatThrownBy(dfu::pause).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
        assertThatThrownBy(dfu::scheduleUpdate).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
        assertThatThrownBy(() -> dfu.start(DfuImageType.NONE, 0, true)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.ENOTSUP));
        assertThatThrownBy(() -> dfu.start(DfuImageType.APPLICATION, CAPACITY + 1, true))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EFBIG));
        dfu.start(DfuImageType.APPLICATION, 0, false);
        assertThatThrownBy(() -> dfu.start(DfuImageType.APPLICATION, 0, false)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EBUSY));
        assertThatThrownBy(dfu::scheduleUpdate).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EINVAL));
        dfu.fragment(new byte[(int) CAPACITY - 10], 0);
        assertThatThrownBy(() -> dfu.fragment(new byte[11], 0)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.E2BIG));
        dfu.reset();
        assertThat(dfu.storedBytes()).isZero();
        assertThat(Files.exists(directory.resolve("image.bin"))).isFalse();
    }

    @Test
    void aModemDeltaIsAppliedAtModemInit() throws Exception {
        byte[] delta = modemDelta("mfw_nrf9160_1.3.7", 3_000);
        FileDfuTarget dfu = open();
        dfu.start(DfuImageType.MODEM_DELTA, delta.length, true);
        send(dfu, delta, 0, delta.length, 700);
        dfu.done(true, crc(delta));
        dfu.scheduleUpdate();
        assertThat(dfu.applyAtBoot()).as("not an application image").isFalse();
        assertThat(dfu.applyAtModemInit()).isEqualTo(ModemInitResult.UPDATED);
        assertThat(installedTypes).containsExactly(DfuImageType.MODEM_DELTA);
        assertThat(DfuImageRecognizer.modemDeltaVersion(installed.get(0))).contains("mfw_nrf9160_1.3.7");
        assertThat(dfu.applyAtModemInit()).isEqualTo(ModemInitResult.SUCCESS);

        dfu.start(DfuImageType.MODEM_DELTA, delta.length, true);
        send(dfu, delta, 0, delta.length, 700);
        dfu.done(true, crc(delta));
        dfu.scheduleUpdate();
        installerFails = true;
        assertThat(dfu.applyAtModemInit()).isEqualTo(ModemInitResult.UPDATE_FAILED);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
