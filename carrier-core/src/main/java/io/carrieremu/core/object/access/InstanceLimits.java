package io.carrieremu.core.object.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.leshan.core.node.LwM2mResource;

/**
 * What servers may do to a library object's instances beyond its model: how many instances there may
 * be, which ones no server may delete (the library's own, such as the Portfolio's primary host), and
 * what a Create's values must fit besides the model (a capacity the library chose).
 *
 * @param maxInstances the most instances the object holds; a Create beyond answers 4.00 and creates nothing
 * @param fixed instances a server's Delete leaves in place (4.05 Method Not Allowed)
 * @param createCheck why a Create's values (all instances of the request) do not fit, or empty
 */
public record InstanceLimits(int maxInstances, Set<Integer> fixed, Function<List<LwM2mResource>, Optional<String>> createCheck) {

    /** No limits. */
    public static final InstanceLimits NONE = new InstanceLimits(Integer.MAX_VALUE, Set.of(), values -> Optional.empty());

    public InstanceLimits {
        if (maxInstances < 1) {
            throw new IllegalArgumentException("an object holds at least one instance, got " + maxInstances);
        }
        fixed = Set.copyOf(fixed);
        Objects.requireNonNull(createCheck, "createCheck");
    }

    /** At most {@code maxInstances}, {@code fixed} undeletable, no capacity check on Create. */
    public static InstanceLimits of(int maxInstances, Set<Integer> fixed) {
        return new InstanceLimits(maxInstances, fixed, values -> Optional.empty());
    }
}
