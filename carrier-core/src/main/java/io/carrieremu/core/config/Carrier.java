package io.carrieremu.core.config;

import io.carrieremu.core.base.VendorCode;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The carriers the library knows, with their bit in {@code carriers_enabled} (3.7.0). Bit 0x04 was
 * AT&amp;T, removed in 3.4.0, and is not defined.
 */
public enum Carrier implements VendorCode {
    /** Any subscriber no enabled carrier matches: connect to the custom server. */
    GENERIC(0x01, "Generic"),
    /** Verizon. */
    VERIZON(0x02, "Verizon"),
    /** LG U+. */
    LG_UPLUS(0x08, "LG U+"),
    /** T-Mobile. */
    T_MOBILE(0x10, "T-Mobile"),
    /** SoftBank. */
    SOFTBANK(0x20, "SoftBank"),
    /** Bell Canada. */
    BELL_CA(0x40, "Bell Canada");

    /** All defined bits. */
    public static final int ALL_BITS = 0x01 | 0x02 | 0x08 | 0x10 | 0x20 | 0x40;

    private final int bit;
    private final String text;

    Carrier(int bit, String text) {
        this.bit = bit;
        this.text = text;
    }

    /** The bit in the {@code carriers_enabled} mask. */
    public int bit() {
        return bit;
    }

    /** Same as {@link #bit()}. */
    @Override
    public int code() {
        return bit;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_" + name();
    }

    /** The display name, as the vendor shell prints it. */
    @Override
    public String text() {
        return text;
    }

    /** The mask with the bits of {@code carriers} set. */
    public static int mask(Set<Carrier> carriers) {
        int mask = 0;
        for (Carrier carrier : carriers) {
            mask |= carrier.bit;
        }
        return mask;
    }

    /**
     * The carriers a {@code carriers_enabled} mask enables. A mask of 0 enables all of them, as in the
     * C API; bits the library does not define are ignored.
     */
    public static Set<Carrier> fromMask(int mask) {
        EnumSet<Carrier> carriers = EnumSet.noneOf(Carrier.class);
        for (Carrier carrier : values()) {
            if (mask == 0 || (mask & carrier.bit) != 0) {
                carriers.add(carrier);
            }
        }
        return carriers;
    }

    /** The carrier with exactly this bit, or empty. */
    public static Optional<Carrier> fromBit(int bit) {
        return VendorCode.byCode(Carrier.class, bit);
    }
}
