package io.carrieremu.core.object.model;

import org.eclipse.leshan.core.model.ResourceModel;

/** A resource's data type, as the LwM2M registry names it. */
public enum ResourceType {
    /** A UTF-8 string. */
    STRING("string", ResourceModel.Type.STRING),
    /** A signed integer. */
    INTEGER("integer", ResourceModel.Type.INTEGER),
    /** An unsigned integer. */
    UNSIGNED_INTEGER("unsignedInteger", ResourceModel.Type.UNSIGNED_INTEGER),
    /** A floating-point number. */
    FLOAT("float", ResourceModel.Type.FLOAT),
    /** A boolean. */
    BOOLEAN("boolean", ResourceModel.Type.BOOLEAN),
    /** Opaque bytes. */
    OPAQUE("opaque", ResourceModel.Type.OPAQUE),
    /** A time (seconds since the Unix epoch). */
    TIME("time", ResourceModel.Type.TIME),
    /** An object link ({@code object:instance}). */
    OBJLNK("objlnk", ResourceModel.Type.OBJLNK),
    /** Executable resources carry no value. */
    NONE("none", ResourceModel.Type.NONE);

    private final String registryName;
    private final ResourceModel.Type leshan;

    ResourceType(String registryName, ResourceModel.Type leshan) {
        this.registryName = registryName;
        this.leshan = leshan;
    }

    /** The name in the data file. */
    public String registryName() {
        return registryName;
    }

    /** Leshan's type. */
    public ResourceModel.Type leshan() {
        return leshan;
    }

    /** True for the numeric types a range applies to as numbers. */
    public boolean numeric() {
        return this == INTEGER || this == UNSIGNED_INTEGER || this == FLOAT || this == TIME;
    }

    static ResourceType parse(String name) {
        for (ResourceType type : values()) {
            if (type.registryName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown type '" + name + "'");
    }
}
