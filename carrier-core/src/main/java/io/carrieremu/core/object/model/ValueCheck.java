package io.carrieremu.core.object.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.util.datatype.ULong;

/**
 * Checks a value a server (or the application) wants to put in a resource against the resource's
 * model: single or multiple as the model says, the model's type, and the model's range (numbers) or
 * length in bytes (strings, opaque). What it refuses becomes a 4.00 Bad Request that changes nothing.
 */
public final class ValueCheck {

    private ValueCheck() {
    }

    /** Why {@code value} does not fit {@code spec}, or empty if it does. */
    public static Optional<String> problem(ResourceSpec spec, LwM2mResource value) {
        if (value.getId() != spec.id()) {
            return Optional.of("value for resource " + value.getId() + " given to resource " + spec.id());
        }
        if (value.isMultiInstances() != spec.multiple()) {
            return Optional.of("resource " + spec.id() + " is " + (spec.multiple() ? "multiple" : "single") + "-instance");
        }
        if (value.getType() != spec.type().leshan()) {
            return Optional.of("resource " + spec.id() + " is " + spec.type().registryName() + ", not " + value.getType());
        }
        if (spec.multiple()) {
            for (LwM2mResourceInstance instance : value.getInstances().values()) {
                Optional<String> problem = valueProblem(spec, instance.getValue());
                if (problem.isPresent()) {
                    return Optional.of(problem.get() + " (instance " + instance.getId() + ")");
                }
            }
            return Optional.empty();
        }
        return valueProblem(spec, value.getValue());
    }

    /** Why a single value does not fit {@code spec}, or empty if it does. */
    public static Optional<String> valueProblem(ResourceSpec spec, Object value) {
        if (value == null) {
            return Optional.of("resource " + spec.id() + " has no value");
        }
        boolean typed = switch (spec.type()) {
            case STRING -> value instanceof String;
            case INTEGER -> value instanceof Long;
            case UNSIGNED_INTEGER -> value instanceof ULong;
            case FLOAT -> value instanceof Double;
            case BOOLEAN -> value instanceof Boolean;
            case OPAQUE -> value instanceof byte[];
            case TIME -> value instanceof Date;
            case OBJLNK -> value instanceof ObjectLink;
            case NONE -> false;
        };
        if (!typed) {
            return Optional.of("resource " + spec.id() + " takes " + spec.type().registryName());
        }
        if (spec.type() == ResourceType.FLOAT && !Double.isFinite((Double) value)) {
            return Optional.of("resource " + spec.id() + " takes a finite number");
        }
        if (spec.range().isEmpty()) {
            return Optional.empty();
        }
        ValueRange range = spec.range().get();
        BigDecimal measured = range.bytes() ? BigDecimal.valueOf(length(value)) : number(value);
        if (!range.contains(measured)) {
            return Optional.of("resource " + spec.id() + ": " + (range.bytes() ? measured + " bytes" : measured.toPlainString())
                    + " is outside " + range);
        }
        return Optional.empty();
    }

    private static int length(Object value) {
        return value instanceof byte[] bytes ? bytes.length : ((String) value).getBytes(StandardCharsets.UTF_8).length;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof ULong u) {
            return new BigDecimal(new BigInteger(u.toString()));
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return BigDecimal.valueOf(((Date) value).getTime() / 1000);
    }
}
