package io.carrieremu.core.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An LwM2M path of 1 to 4 ids: object, instance, resource, resource instance — the Java shape of the
 * C API's {@code uint16_t path[4]} with {@code path_len}.
 *
 * @param ids the ids, outermost first; each 0..65535
 */
public record ResourcePath(List<Integer> ids) {

    /** Validates the path and takes an immutable copy. */
    public ResourcePath {
        ids = List.copyOf(ids);
        if (ids.isEmpty() || ids.size() > 4) {
            throw new IllegalArgumentException("an LwM2M path has 1 to 4 ids, got " + ids.size());
        }
        for (int id : ids) {
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException("LwM2M path id out of range 0..65535: " + id);
            }
        }
    }

    /** A path from its ids, e.g. {@code ResourcePath.of(19, 0, 0, 1)}. */
    public static ResourcePath of(int... ids) {
        return new ResourcePath(java.util.Arrays.stream(ids).boxed().toList());
    }

    /** The object id ({@code path[0]}). */
    public int objectId() {
        return ids.get(0);
    }

    /** The number of ids ({@code path_len}). */
    public int length() {
        return ids.size();
    }

    /** The usual notation, e.g. {@code /19/0/0/1}. */
    @Override
    public String toString() {
        return ids.stream().map(String::valueOf).collect(Collectors.joining("/", "/", ""));
    }
}
