package io.carrieremu.core.object.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The 3GPP TS 23.032 velocity octets of {@code /6/0/4}, worked out by hand from the spec's layout. */
class VelocityTest {

    private static String hex(Velocity velocity) {
        return HexFormat.of().formatHex(velocity.encode());
    }

    @Test
    void horizontalVelocityIsTypeZeroInFourOctets() {
        // 10 m/s = 36 km/h = 0x0024; bearing 300 = 0x12C: bit 1 of octet 1 is its 9th bit.
        assertThat(hex(new Velocity(300, 10f, Float.NaN, Float.NaN, Float.NaN))).isEqualTo("012c0024");
        assertThat(hex(Velocity.NONE)).isEqualTo("00000000");
    }

    @Test
    void verticalSpeedAddsAnOctetAndItsDirectionBit() {
        // type 1; 2 m/s up = 7.2 km/h -> 7; down sets bit 2 (0x02) of octet 1.
        assertThat(hex(new Velocity(90, 10f, 2f, Float.NaN, Float.NaN))).isEqualTo("105a002407");
        assertThat(hex(new Velocity(90, 10f, -2f, Float.NaN, Float.NaN))).isEqualTo("125a002407");
    }

    @Test
    void horizontalUncertaintyAloneIsTypeTwo() {
        // 1.25 m/s = 4.5 km/h: a half rounds up to 5.
        assertThat(hex(new Velocity(0, 0.5f, Float.NaN, 1.25f, Float.NaN))).isEqualTo("2000000205");
    }

    @Test
    void bothSpeedsWithUncertaintyAreTypeThreeWithUnspecifiedAs255() {
        assertThat(hex(new Velocity(359, 20f, -1f, 1f, 0.5f))).isEqualTo("3367" + "0048" + "04" + "04" + "02");
        assertThat(hex(new Velocity(359, 20f, 1f, 1f, Float.NaN))).isEqualTo("3167004804" + "04" + "ff");
    }

    @Test
    void speedsBeyondTheFieldsTakeTheirLargestValue() {
        assertThat(hex(new Velocity(0, 100_000f, 1000f, 1000f, 1000f))).isEqualTo("3000ffff" + "ff" + "fe" + "fe");
    }

    @Test
    void speedIsTheHorizontalSpeed() {
        assertThat(new Velocity(0, 3.5f, 4f, Float.NaN, Float.NaN).speed()).isEqualTo(3.5);
    }

    @Test
    void argumentsThatMakeNoVelocityAreRefused() {
        assertThat(Velocity.problem(360, 1, Float.NaN, Float.NaN, Float.NaN)).isPresent();
        assertThat(Velocity.problem(-1, 1, Float.NaN, Float.NaN, Float.NaN)).isPresent();
        assertThat(Velocity.problem(0, -0.1f, Float.NaN, Float.NaN, Float.NaN)).isPresent();
        assertThat(Velocity.problem(0, Float.NaN, Float.NaN, Float.NaN, Float.NaN)).isPresent();
        assertThat(Velocity.problem(0, 1, Float.POSITIVE_INFINITY, Float.NaN, Float.NaN)).isPresent();
        assertThat(Velocity.problem(0, 1, Float.NaN, -1, Float.NaN)).isPresent();
        assertThat(Velocity.problem(0, 1, Float.NaN, Float.NaN, 1)).as("vertical uncertainty, no vertical speed").isPresent();
        assertThat(Velocity.problem(0, 1, -3, 1, 1)).isEmpty();
        assertThatThrownBy(() -> new Velocity(400, 1, Float.NaN, Float.NaN, Float.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
