package io.carrieremu.os.sim.dfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.os.DfuHeader;
import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimDfuTargetTest {

    private final VirtualClock clock = new VirtualClock();
    private final Transcript transcript = new Transcript(clock::nowMillis);
    private final SimDfuTarget dfu = new SimDfuTarget(transcript, 64 * 1024, 128 * 1024);
    private final SimModem modem = new SimModem(clock, transcript, SimProfiles.homeNetwork("verizon"),
            SimModem.Identity.nrf9160("352656100367872"), SimProfiles.verizon());

    @AfterEach
    void close() {
        modem.close();
    }

    private static Errno errno(Throwable e) {
        return ((OsException) e).errno();
    }

    private void write(byte[] image, int from, int to) throws OsException {
        for (int offset = from; offset < to; offset += 512) {
            byte[] fragment = Arrays.copyOfRange(image, offset, Math.min(to, offset + 512));
            dfu.fragment(fragment, SimDfuTarget.crc32(fragment));
        }
    }

    @Test
    void recognisesTheThreeImageTypes() {
        assertThat(dfu.detect(SimDfuTarget.mcubootImage(64)).type()).isEqualTo(DfuImageType.APPLICATION);
        assertThat(dfu.detect(SimDfuTarget.modemDeltaImage("mfw_nrf9160_1.3.6", 16)).type()).isEqualTo(DfuImageType.MODEM_DELTA);
        byte[] part = concat(new DfuHeader(1, false, 0, "2.0.0").toBytes(), SimDfuTarget.mcubootImage(64));
        assertThat(dfu.detect(part).type()).isEqualTo(DfuImageType.APPLICATION_FILE);
        assertThat(dfu.detect(part).header()).hasValueSatisfying(h -> assertThat(h.version()).isEqualTo("2.0.0"));
        assertThat(dfu.detect(new byte[] {1, 2, 3, 4, 5}).type()).isEqualTo(DfuImageType.NONE);
        assertThat(dfu.detect(new byte[] {0x3D}).type()).isEqualTo(DfuImageType.NONE);
    }

    @Test
    void dividedPartsMustFollowOnWithTheSameVersion() {
        byte[] image = SimDfuTarget.mcubootImage(64);
        assertThat(dfu.detect(concat(new DfuHeader(2, false, 100, "2.0.0").toBytes(), image)).type())
                .as("part 2 before part 1").isEqualTo(DfuImageType.NONE);
        assertThat(dfu.detect(concat(new DfuHeader(1, false, 0, "2.0.0").toBytes(), image)).type()).isEqualTo(DfuImageType.APPLICATION_FILE);
        assertThat(dfu.detect(concat(new DfuHeader(2, true, 100, "9.9.9").toBytes(), image)).type())
                .as("other version").isEqualTo(DfuImageType.NONE);
        assertThat(dfu.detect(concat(new DfuHeader(2, true, 100, "2.0.0").toBytes(), image)).type()).isEqualTo(DfuImageType.APPLICATION_FILE);
    }

    @Test
    void fragmentWithWrongCrcIsEinvalAndNotStored() throws Exception {
        dfu.start(DfuImageType.APPLICATION, 1024, true);
        byte[] fragment = SimDfuTarget.mcubootImage(100);
        assertThatThrownBy(() -> dfu.fragment(fragment, SimDfuTarget.crc32(fragment) ^ 1))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EINVAL));
        assertThat(dfu.storedBytes()).isZero();
    }

    @Test
    void wholeImageCrcIsChecked() throws Exception {
        byte[] image = SimDfuTarget.mcubootImage(2000);
        dfu.start(DfuImageType.APPLICATION, image.length, true);
        write(image, 0, image.length);
        assertThatThrownBy(() -> dfu.done(true, SimDfuTarget.crc32(image) + 1))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EINVAL));
        dfu.done(true, SimDfuTarget.crc32(image));
    }

    @Test
    void oversizeImageIsEfbigAndGrowingPastTheAreaIsE2big() throws Exception {
        assertThatThrownBy(() -> dfu.start(DfuImageType.APPLICATION, 64 * 1024 + 1, true))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EFBIG));
        dfu.start(DfuImageType.APPLICATION, 0, false);
        write(new byte[64 * 1024], 0, 64 * 1024);
        assertThatThrownBy(() -> dfu.fragment(new byte[1], 0)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.E2BIG));
    }

    @Test
    void stateErrorsAreTheDocumentedOnes() throws Exception {
        assertThatThrownBy(() -> dfu.fragment(new byte[1], 0)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
        assertThatThrownBy(dfu::pause).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
        assertThatThrownBy(dfu::scheduleUpdate).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
        assertThatThrownBy(() -> dfu.start(DfuImageType.NONE, 0, true)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.ENOTSUP));
        dfu.start(DfuImageType.APPLICATION, 0, true);
        assertThatThrownBy(() -> dfu.start(DfuImageType.APPLICATION, 0, true)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EBUSY));
        assertThatThrownBy(dfu::scheduleUpdate).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EINVAL));
    }

    @Test
    void pausedImageResumesAtItsOffset() throws Exception {
        byte[] image = SimDfuTarget.mcubootImage(5000);
        assertThat(dfu.start(DfuImageType.APPLICATION, image.length, true)).isZero();
        write(image, 0, 2048);
        assertThat(dfu.pause()).isEqualTo(2048);
        assertThat(dfu.start(DfuImageType.APPLICATION, image.length, true)).isEqualTo(2048);
        write(image, 2048, image.length);
        dfu.done(true, SimDfuTarget.crc32(image));
    }

    @Test
    void powerCutDuringAFragmentResumesAfterTheBytesThatReachedFlash() throws Exception {
        byte[] image = SimDfuTarget.mcubootImage(4096);
        dfu.start(DfuImageType.APPLICATION, image.length, true);
        dfu.injectPowerCutAfter(1300);
        assertThatThrownBy(() -> write(image, 0, image.length)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EIO));
        assertThat(dfu.applyAtReboot()).isFalse();
        long offset = dfu.start(DfuImageType.APPLICATION, image.length, true);
        assertThat(offset).isEqualTo(1300);
        write(image, (int) offset, image.length);
        dfu.done(true, SimDfuTarget.crc32(image));
        dfu.scheduleUpdate();
        assertThat(dfu.applyAtReboot()).isTrue();
        assertThat(dfu.validateApplicationUpdate()).isTrue();
        assertThat(dfu.validateApplicationUpdate()).as("confirmed once").isFalse();
    }

    @Test
    void modemDeltaIsAppliedAtTheNextModemInit() throws Exception {
        byte[] delta = SimDfuTarget.modemDeltaImage("mfw_nrf9160_1.3.6", 3000);
        dfu.start(DfuImageType.MODEM_DELTA, delta.length, true);
        write(delta, 0, delta.length);
        dfu.done(true, SimDfuTarget.crc32(delta));
        assertThat(dfu.applyAtModemInit(modem)).as("not scheduled yet").isEqualTo(ModemInitResult.SUCCESS);
        dfu.scheduleUpdate();
        assertThat(modem.execute("AT+CGMR").lines()).containsExactly("mfw_nrf9160_1.3.5");
        assertThat(dfu.applyAtModemInit(modem)).isEqualTo(ModemInitResult.UPDATED);
        assertThat(modem.execute("AT+CGMR").lines()).containsExactly("mfw_nrf9160_1.3.6");
        assertThat(dfu.applyAtModemInit(modem)).isEqualTo(ModemInitResult.SUCCESS);
    }

    @Test
    void injectedFaultMakesTheModemUpdateFail() throws Exception {
        byte[] delta = SimDfuTarget.modemDeltaImage("mfw_nrf9160_1.3.6", 100);
        dfu.start(DfuImageType.MODEM_DELTA, delta.length, true);
        write(delta, 0, delta.length);
        dfu.done(true, SimDfuTarget.crc32(delta));
        dfu.scheduleUpdate();
        dfu.failNextModemUpdate();
        assertThat(dfu.applyAtModemInit(modem)).isEqualTo(ModemInitResult.UPDATE_FAILED);
        assertThat(modem.execute("AT+CGMR").lines()).containsExactly("mfw_nrf9160_1.3.5");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
