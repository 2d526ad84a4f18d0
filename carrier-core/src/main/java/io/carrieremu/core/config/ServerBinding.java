package io.carrieremu.core.config;

import io.carrieremu.core.base.VendorCode;
import java.util.EnumSet;
import java.util.Set;

/**
 * Binding bits of {@code server_binding} (3.5.0 and later; before, the field held 'U' or 'N').
 * A configuration holds the raw bits; {@link #fromBits(int)} decodes valid ones.
 */
public enum ServerBinding implements VendorCode {
    /** UDP ({@code U}). */
    UDP(0x01, "U"),
    /** Non-IP ({@code N}). */
    NONIP(0x02, "N");

    /** All defined bits. */
    public static final int ALL_BITS = 0x03;

    private final int bit;
    private final String letter;

    ServerBinding(int bit, String letter) {
        this.bit = bit;
        this.letter = letter;
    }

    /** The bit in the binding mask. */
    public int bit() {
        return bit;
    }

    @Override
    public int code() {
        return bit;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_SERVER_BINDING_" + name();
    }

    /** The LwM2M binding letter, {@code U} or {@code N}. */
    @Override
    public String text() {
        return letter;
    }

    /** The bindings set in {@code bits}; throws for undefined bits. */
    public static Set<ServerBinding> fromBits(int bits) {
        if ((bits & ~ALL_BITS) != 0) {
            throw new IllegalArgumentException("undefined server binding bits: 0x" + Integer.toHexString(bits));
        }
        EnumSet<ServerBinding> set = EnumSet.noneOf(ServerBinding.class);
        for (ServerBinding binding : values()) {
            if ((bits & binding.bit) != 0) {
                set.add(binding);
            }
        }
        return set;
    }
}
