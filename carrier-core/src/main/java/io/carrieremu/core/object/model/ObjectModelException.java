package io.carrieremu.core.object.model;

/**
 * An object model file that cannot be used. The message names the file and the place, e.g.
 * {@code object-models.json: objects[3].resources[9]: range '0..x' has a bound that is not a number}.
 */
public final class ObjectModelException extends Exception {

    private static final long serialVersionUID = 1L;

    ObjectModelException(String source, String where, String problem, Throwable cause) {
        super(source + ": " + (where.isEmpty() ? "" : where + ": ") + problem, cause);
    }
}
