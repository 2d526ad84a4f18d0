package io.carrieremu.core.object.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.URN;

/**
 * One object, as the project's model file describes it: id, registry name, version, multiplicity and
 * its resources. Immutable; its Leshan model is made once.
 */
public final class ObjectSpec {

    private final int id;
    private final String name;
    private final String version;
    private final boolean multiple;
    private final boolean mandatory;
    private final Map<Integer, ResourceSpec> resources;
    private final List<Integer> resourceIds;
    private final ObjectModel leshan;

    /**
     * @param id the object id
     * @param name the registry's name
     * @param version the object version ({@code "1.0"}, {@code "1.1"} …)
     * @param multiple true if the object may have several instances
     * @param mandatory true if the registry marks it mandatory
     * @param resources its resources by id
     * @throws IllegalArgumentException if the version is not major.minor
     */
    public ObjectSpec(int id, String name, String version, boolean multiple, boolean mandatory,
            Map<Integer, ResourceSpec> resources) {
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.multiple = multiple;
        this.mandatory = mandatory;
        this.resources = Map.copyOf(resources);
        if (!version.matches("\\d+\\.\\d+")) {
            throw new IllegalArgumentException("object " + id + ": version '" + version + "' is not major.minor");
        }
        this.resourceIds = List.copyOf(new TreeMap<>(resources).keySet());
        List<ResourceModel> models = new ArrayList<>();
        for (Integer resourceId : resourceIds) {
            models.add(this.resources.get(resourceId).leshan());
        }
        this.leshan = new ObjectModel(id, name, "", version, multiple, mandatory, models, URN.generateURN(id, version), "1.1", "");
    }

    /** The object id. */
    public int id() {
        return id;
    }

    /** The registry's name. */
    public String name() {
        return name;
    }

    /** The object version. */
    public String version() {
        return version;
    }

    /** True if the object may have several instances. */
    public boolean multiple() {
        return multiple;
    }

    /** True if the registry marks it mandatory. */
    public boolean mandatory() {
        return mandatory;
    }

    /** The resources by id. */
    public Map<Integer, ResourceSpec> resources() {
        return resources;
    }

    /** The resource {@code resourceId}, if the object has it. */
    public Optional<ResourceSpec> resource(int resourceId) {
        return Optional.ofNullable(resources.get(resourceId));
    }

    /** The resource ids, ascending. */
    public List<Integer> resourceIds() {
        return resourceIds;
    }

    /** Leshan's model of the object (one instance, shared). */
    public ObjectModel leshan() {
        return leshan;
    }

    @Override
    public String toString() {
        return "object " + id + " " + name + " " + version;
    }
}
