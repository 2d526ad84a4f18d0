package io.carrieremu.core.object.access;

/** The access rights an Access Control instance grants, as the bits of its ACL resource ({@code /2/x/2}). */
public enum Permission {
    /** Read, Observe, Discover, Write-Attributes. */
    READ(1),
    /** Write (replace or update) resources and instances. */
    WRITE(2),
    /** Execute resources. */
    EXECUTE(4),
    /** Delete instances. */
    DELETE(8),
    /** On the object: Create instances. */
    CREATE(16);

    /** Every right. */
    public static final int ALL = 31;

    private final int bit;

    Permission(int bit) {
        this.bit = bit;
    }

    /** The bit in the ACL value. */
    public int bit() {
        return bit;
    }

    /** True if {@code rights} includes this permission. */
    public boolean in(long rights) {
        return (rights & bit) != 0;
    }
}
