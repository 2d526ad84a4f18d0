package io.carrieremu.core.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DfuHeaderTest {

    @Test
    void headerIs42BytesWithLittleEndianMagic() {
        byte[] bytes = new DfuHeader(2, true, 0x1234, "1.0.2").toBytes();
        assertThat(bytes).hasSize(42);
        assertThat(Arrays.copyOf(bytes, 4)).containsExactly(0xdc, 0xd2, 0x4a, 0x42);
        assertThat(bytes[4]).isEqualTo((byte) 2);
        assertThat(bytes[5]).isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(bytes, 6, 10)).containsExactly(0x34, 0x12, 0, 0);
        assertThat(DfuHeader.parse(bytes)).contains(new DfuHeader(2, true, 0x1234, "1.0.2"));
    }

    @Test
    void malformedHeadersAreNotRecognised() {
        byte[] good = new DfuHeader(1, false, 0, "v1").toBytes();
        assertThat(DfuHeader.parse(Arrays.copyOf(good, 41))).as("too short").isEmpty();
        byte[] badMagic = good.clone();
        badMagic[0] ^= 1;
        assertThat(DfuHeader.parse(badMagic)).isEmpty();
        byte[] zeroNumber = good.clone();
        zeroNumber[4] = 0;
        assertThat(DfuHeader.parse(zeroNumber)).isEmpty();
        byte[] emptyVersion = good.clone();
        emptyVersion[10] = 0;
        assertThat(DfuHeader.parse(emptyVersion)).isEmpty();
        byte[] unterminated = good.clone();
        Arrays.fill(unterminated, 10, 42, (byte) 'x');
        assertThat(DfuHeader.parse(unterminated)).isEmpty();
    }

    @Test
    void offsetsUseTheFullUnsigned32BitRange() {
        DfuHeader header = new DfuHeader(255, true, 0xFFFF_FFFFL, "x".repeat(31));
        assertThat(DfuHeader.parse(header.toBytes())).contains(header);
        assertThatThrownBy(() -> new DfuHeader(1, false, 0, "x".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void detectionCarriesAHeaderExactlyForDividedParts() {
        assertThat(DfuImageDetection.none().type()).isEqualTo(DfuImageType.NONE);
        assertThatThrownBy(() -> DfuImageDetection.of(DfuImageType.APPLICATION_FILE)).isInstanceOf(IllegalArgumentException.class);
    }
}
