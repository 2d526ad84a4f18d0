package io.carrieremu.core.carrier;

/**
 * A carrier profile file that cannot be used. The message names the file and the field, e.g.
 * {@code carrier-profiles.json: profiles[2].bootstrapUri: scheme must be coap or coaps}.
 */
public final class CarrierProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Where the profiles came from (a resource or file name). */
    private final String source;
    /** The offending field, as a JSON path. */
    private final String field;

    CarrierProfileException(String source, String field, String problem, Throwable cause) {
        super(source + ": " + (field.isEmpty() ? "" : field + ": ") + problem, cause);
        this.source = source;
        this.field = field;
    }

    /** The file (or resource) name. */
    public String source() {
        return source;
    }

    /** The JSON path of the offending field, e.g. {@code profiles[2].bootstrapUri}; empty for the whole file. */
    public String field() {
        return field;
    }
}
