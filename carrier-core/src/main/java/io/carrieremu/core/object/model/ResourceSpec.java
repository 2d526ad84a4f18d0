package io.carrieremu.core.object.model;

import java.util.Objects;
import java.util.Optional;
import org.eclipse.leshan.core.model.ResourceModel;

/**
 * One resource of an object, as the project's model file describes it (the OMA registry's facts).
 *
 * @param id the resource id
 * @param name the registry's name
 * @param operations what a DM server may do with it
 * @param multiple true for a multi-instance resource
 * @param mandatory true if the registry marks it mandatory
 * @param type the data type
 * @param range the allowed values, if the registry bounds them
 * @param units the unit, or empty
 * @param vendor who defines it when the OMA does not (Verizon's 30000 resources), or empty
 */
public record ResourceSpec(int id, String name, ResourceModel.Operations operations, boolean multiple, boolean mandatory,
        ResourceType type, Optional<ValueRange> range, String units, String vendor) {

    /** Checks the components and copies mutable ones. */
    public ResourceSpec {
        if (id < 0 || id > 65534) {
            throw new IllegalArgumentException("resource id " + id + " is outside 0..65534");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(vendor, "vendor");
        if (operations.isExecutable() != (type == ResourceType.NONE)) {
            throw new IllegalArgumentException("resource " + id + ": executable resources, and only they, have type none");
        }
        if (range.isPresent() && range.get().bytes() && type != ResourceType.STRING && type != ResourceType.OPAQUE) {
            throw new IllegalArgumentException("resource " + id + ": a length range needs a string or opaque type");
        }
        if (range.isPresent() && !range.get().bytes() && !type.numeric()) {
            throw new IllegalArgumentException("resource " + id + ": a number range needs a numeric type");
        }
    }

    /** Leshan's model of the resource. */
    public ResourceModel leshan() {
        return new ResourceModel(id, name, operations, multiple, mandatory, type.leshan(),
                range.map(ValueRange::toString).orElse(""), units, vendor.isEmpty() ? "" : "vendor: " + vendor);
    }
}
