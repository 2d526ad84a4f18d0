package io.carrieremu.core.object.location;

import java.util.Optional;

/**
 * A velocity as {@code lwm2m_carrier_velocity_set} takes it, and its encoding for the Location
 * object's Velocity resource ({@code /6/0/4}): the "Velocity" information element of 3GPP TS 23.032
 * (§8, "Description of Velocity"), which the LwM2M Location object names as its format.
 *
 * <p>Encoding. The first octet holds the velocity type in its high nibble; the bearing is 9 bits (the
 * last bit of octet 1, then octet 2) in whole degrees; the horizontal speed 16 bits (octets 3–4) in
 * km/h; the vertical speed one octet in km/h, with its direction in bit 2 of octet 1 (0 up, 1 down);
 * each uncertainty one octet in km/h, where 255 means "not specified". The type follows from what is
 * given:
 * <pre>
 * type 0 Horizontal Velocity                                   4 octets: T|bearing, bearing, speed_h(2)
 * type 1 Horizontal with Vertical Velocity                     5 octets: ... + speed_v
 * type 2 Horizontal Velocity with Uncertainty                  5 octets: ... + unc_h
 * type 3 Horizontal with Vertical Velocity and Uncertainty     7 octets: ... + speed_v, unc_h, unc_v
 * </pre>
 * Speeds come in m/s and are turned into km/h (× 3.6) and rounded to the nearest whole km/h (a half
 * rounds up), as TS 23.032 relates N to the speed; values beyond a field's range take its largest value
 * (65535 km/h, 255 km/h, and 254 km/h for an uncertainty, 255 being "not specified"). With a vertical
 * speed and only one of the uncertainties, the other is sent as "not specified".
 *
 * @param heading degrees clockwise from north, 0..359
 * @param speedHorizontal m/s, not negative
 * @param speedVertical m/s, positive upwards; NaN when not known
 * @param uncertaintyHorizontal m/s, not negative; NaN when not known
 * @param uncertaintyVertical m/s, not negative; NaN when not known (and always without a vertical speed)
 */
public record Velocity(int heading, float speedHorizontal, float speedVertical, float uncertaintyHorizontal,
        float uncertaintyVertical) {

    /** Standing still, heading north: what {@code /6/0/4} holds until the application sets a velocity. */
    public static final Velocity NONE = new Velocity(0, 0, Float.NaN, Float.NaN, Float.NaN);

    private static final double KMH_PER_MS = 3.6;
    private static final int NOT_SPECIFIED = 255;

    /**
     * @throws IllegalArgumentException for values {@link #problem} refuses
     */
    public Velocity {
        Optional<String> problem = problem(heading, speedHorizontal, speedVertical, uncertaintyHorizontal, uncertaintyVertical);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * Why these arguments make no velocity, or empty if they do: a heading outside 0..359, a horizontal
     * speed that is negative or not a finite number, an optional value that is infinite, a negative
     * uncertainty, or a vertical uncertainty without a vertical speed.
     */
    public static Optional<String> problem(int heading, float speedHorizontal, float speedVertical,
            float uncertaintyHorizontal, float uncertaintyVertical) {
        if (heading < 0 || heading > 359) {
            return Optional.of("heading " + heading + " is outside 0..359");
        }
        if (!Float.isFinite(speedHorizontal) || speedHorizontal < 0) {
            return Optional.of("horizontal speed " + speedHorizontal + " is not a speed");
        }
        if (Float.isInfinite(speedVertical)) {
            return Optional.of("vertical speed is infinite");
        }
        for (float uncertainty : new float[] {uncertaintyHorizontal, uncertaintyVertical}) {
            if (Float.isInfinite(uncertainty) || uncertainty < 0) {
                return Optional.of("uncertainty " + uncertainty + " is not a speed");
            }
        }
        if (Float.isNaN(speedVertical) && !Float.isNaN(uncertaintyVertical)) {
            return Optional.of("a vertical uncertainty needs a vertical speed");
        }
        return Optional.empty();
    }

    /** True if a vertical speed is given. */
    public boolean hasVertical() {
        return !Float.isNaN(speedVertical);
    }

    /** True if an uncertainty is given. */
    public boolean hasUncertainty() {
        return !Float.isNaN(uncertaintyHorizontal) || !Float.isNaN(uncertaintyVertical);
    }

    /** The TS 23.032 velocity type, 0..3. */
    public int type() {
        return (hasVertical() ? 1 : 0) | (hasUncertainty() ? 2 : 0);
    }

    /** The speed the Location object reports in {@code /6/0/6}: the horizontal (ground) speed, m/s. */
    public double speed() {
        return speedHorizontal;
    }

    /** The TS 23.032 octets. */
    public byte[] encode() {
        int type = type();
        byte[] out = new byte[switch (type) {
            case 0 -> 4;
            case 3 -> 7;
            default -> 5;
        }];
        boolean down = hasVertical() && speedVertical < 0;
        out[0] = (byte) (type << 4 | (down ? 0x02 : 0) | heading >> 8 & 0x01);
        out[1] = (byte) heading;
        int horizontal = kmh(speedHorizontal, 0xFFFF);
        out[2] = (byte) (horizontal >> 8);
        out[3] = (byte) horizontal;
        switch (type) {
            case 1 -> out[4] = (byte) kmh(Math.abs(speedVertical), 0xFF);
            case 2 -> out[4] = (byte) uncertainty(uncertaintyHorizontal);
            case 3 -> {
                out[4] = (byte) kmh(Math.abs(speedVertical), 0xFF);
                out[5] = (byte) uncertainty(uncertaintyHorizontal);
                out[6] = (byte) uncertainty(uncertaintyVertical);
            }
            default -> {
            }
        }
        return out;
    }

    /** N for a speed in m/s: km/h rounded half up, at most {@code max}. */
    private static int kmh(float metresPerSecond, int max) {
        return (int) Math.min(max, Math.floor(metresPerSecond * KMH_PER_MS + 0.5));
    }

    private static int uncertainty(float metresPerSecond) {
        return Float.isNaN(metresPerSecond) ? NOT_SPECIFIED : kmh(metresPerSecond, NOT_SPECIFIED - 1);
    }
}
