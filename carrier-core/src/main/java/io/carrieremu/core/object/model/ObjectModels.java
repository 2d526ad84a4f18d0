package io.carrieremu.core.object.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.StaticModel;

/**
 * The object models the library serves, read from the project's data file
 * {@code io/carrieremu/core/object/model/object-models.json} (written from the OMA LwM2M registry:
 * ids, names, operations, multiplicity, types, ranges; Verizon's 30000 resources marked as vendor
 * resources). The same models serve the device's client and the simulated carrier's servers, so both
 * sides encode and decode with one definition.
 *
 * <p>The built-in file is parsed once per JVM ({@link #builtIn()}); the models are immutable.
 */
public final class ObjectModels {

    /** The data file on the class path. */
    public static final String RESOURCE = "/io/carrieremu/core/object/model/object-models.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OBJECT_FIELDS = Set.of("id", "name", "version", "multiple", "mandatory", "resources");
    private static final Set<String> RESOURCE_FIELDS = Set.of("id", "name", "operations", "multiple", "mandatory", "type",
            "range", "units", "vendor");
    private static volatile ObjectModels builtIn;

    private final Map<Integer, ObjectSpec> objects;
    private final List<ObjectModel> leshan;
    private final LwM2mModel model;

    private ObjectModels(Map<Integer, ObjectSpec> objects) {
        this.objects = Map.copyOf(objects);
        List<ObjectModel> models = new ArrayList<>();
        for (ObjectSpec spec : new TreeMap<>(objects).values()) {
            models.add(spec.leshan());
        }
        this.leshan = List.copyOf(models);
        this.model = new StaticModel(leshan);
    }

    /**
     * The built-in models.
     *
     * @throws IllegalStateException if the built-in file is unusable (a broken build)
     */
    public static ObjectModels builtIn() {
        ObjectModels loaded = builtIn;
        if (loaded == null) {
            synchronized (ObjectModels.class) {
                loaded = builtIn;
                if (loaded == null) {
                    try (InputStream in = ObjectModels.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException(RESOURCE + " is missing from the class path");
                        }
                        loaded = parse("object-models.json", in.readAllBytes());
                    } catch (IOException | ObjectModelException e) {
                        throw new IllegalStateException("built-in object models: " + e.getMessage(), e);
                    }
                    builtIn = loaded;
                }
            }
        }
        return loaded;
    }

    /**
     * Models from a model file's bytes.
     *
     * @param source the file's name, for messages
     * @throws ObjectModelException naming the place of the first problem: not JSON, an unknown or
     *     missing field, a duplicate id, a bad type, operation or range
     */
    public static ObjectModels parse(String source, byte[] json) throws ObjectModelException {
        Objects.requireNonNull(source, "source");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ObjectModelException(source, "", "not JSON (line " + e.getLocation().getLineNr() + ")", null);
        } catch (IOException e) {
            throw new ObjectModelException(source, "", "unreadable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ObjectModelException(source, "", "the top level must be an object", null);
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.isInt() || version.intValue() != 1) {
            throw new ObjectModelException(source, "formatVersion", "must be 1", null);
        }
        JsonNode list = root.get("objects");
        if (list == null || !list.isArray()) {
            throw new ObjectModelException(source, "objects", "must be a list", null);
        }
        Map<Integer, ObjectSpec> objects = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "objects[" + i + "]";
            ObjectSpec spec = object(source, where, list.get(i));
            if (objects.putIfAbsent(spec.id(), spec) != null) {
                throw new ObjectModelException(source, where + ".id", "object " + spec.id() + " appears twice", null);
            }
        }
        return new ObjectModels(objects);
    }

    private static ObjectSpec object(String source, String where, JsonNode node) throws ObjectModelException {
        onlyFields(source, where, node, OBJECT_FIELDS);
        int id = integer(source, where, node, "id", 0, 65534);
        JsonNode resources = node.get("resources");
        if (resources == null || !resources.isArray()) {
            throw new ObjectModelException(source, where + ".resources", "must be a list", null);
        }
        Map<Integer, ResourceSpec> specs = new LinkedHashMap<>();
        for (int r = 0; r < resources.size(); r++) {
            String at = where + ".resources[" + r + "]";
            ResourceSpec resource = resource(source, at, resources.get(r));
            if (specs.putIfAbsent(resource.id(), resource) != null) {
                throw new ObjectModelException(source, at + ".id", "resource " + resource.id() + " appears twice", null);
            }
        }
        try {
            return new ObjectSpec(id, text(source, where, node, "name", true), text(source, where, node, "version", true),
                    flag(source, where, node, "multiple"), flag(source, where, node, "mandatory"), specs);
        } catch (IllegalArgumentException e) {
            throw new ObjectModelException(source, where, e.getMessage(), e);
        }
    }

    private static ResourceSpec resource(String source, String where, JsonNode node) throws ObjectModelException {
        onlyFields(source, where, node, RESOURCE_FIELDS);
        int id = integer(source, where, node, "id", 0, 65534);
        String operations = text(source, where, node, "operations", true);
        ResourceModel.Operations ops = switch (operations) {
            case "" -> ResourceModel.Operations.NONE;
            case "R" -> ResourceModel.Operations.R;
            case "W" -> ResourceModel.Operations.W;
            case "RW" -> ResourceModel.Operations.RW;
            case "E" -> ResourceModel.Operations.E;
            default -> throw new ObjectModelException(source, where + ".operations", "'" + operations
                    + "' is not one of R, W, RW, E or empty", null);
        };
        try {
            ResourceType type = ResourceType.parse(text(source, where, node, "type", true));
            String range = text(source, where, node, "range", false);
            return new ResourceSpec(id, text(source, where, node, "name", true), ops, flag(source, where, node, "multiple"),
                    flag(source, where, node, "mandatory"), type,
                    range.isEmpty() ? Optional.empty() : Optional.of(ValueRange.parse(range)),
                    text(source, where, node, "units", false), text(source, where, node, "vendor", false));
        } catch (IllegalArgumentException e) {
            throw new ObjectModelException(source, where, e.getMessage(), e);
        }
    }

    private static void onlyFields(String source, String where, JsonNode node, Set<String> allowed)
            throws ObjectModelException {
        if (node == null || !node.isObject()) {
            throw new ObjectModelException(source, where, "must be an object", null);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ObjectModelException(source, where + "." + name, "unknown field", null);
            }
        }
    }

    private static int integer(String source, String where, JsonNode node, String name, int min, int max)
            throws ObjectModelException {
        JsonNode value = node.get(name);
        if (value == null || !value.isInt() || value.intValue() < min || value.intValue() > max) {
            throw new ObjectModelException(source, where + "." + name, "must be an integer in " + min + ".." + max, null);
        }
        return value.intValue();
    }

    private static String text(String source, String where, JsonNode node, String name, boolean required)
            throws ObjectModelException {
        JsonNode value = node.get(name);
        if (value == null) {
            if (required) {
                throw new ObjectModelException(source, where + "." + name, "is missing", null);
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new ObjectModelException(source, where + "." + name, "must be a string", null);
        }
        return value.textValue();
    }

    private static boolean flag(String source, String where, JsonNode node, String name) throws ObjectModelException {
        JsonNode value = node.get(name);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ObjectModelException(source, where + "." + name, "must be true or false", null);
        }
        return value.booleanValue();
    }

    /** The object {@code id}, if the file describes it. */
    public Optional<ObjectSpec> object(int id) {
        return Optional.ofNullable(objects.get(id));
    }

    /**
     * The object {@code id}.
     *
     * @throws IllegalArgumentException if the file does not describe it
     */
    public ObjectSpec require(int id) {
        ObjectSpec spec = objects.get(id);
        if (spec == null) {
            throw new IllegalArgumentException("no model for object " + id);
        }
        return spec;
    }

    /** Every object's Leshan model, by ascending id. */
    public List<ObjectModel> leshanModels() {
        return leshan;
    }

    /** The models as Leshan's model view (for encoders, decoders and servers). */
    public LwM2mModel lwm2mModel() {
        return model;
    }
}
