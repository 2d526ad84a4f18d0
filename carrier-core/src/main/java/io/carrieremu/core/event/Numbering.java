package io.carrieremu.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carrieremu.core.base.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The event and error numbering of a vendor library generation, so that output compares with a device
 * running either: {@link #V3_7} (the behaviour target and default) or {@link #V3_3} (the generation of
 * the integration guide among the references). The tables are data ({@code numbering.json} next to
 * this class, from reference §1.1, §1.3 and §1.12).
 *
 * <p>A numbering changes numbers and the documented error values of {@link Failure}s only; the events
 * a handler receives stay the 3.7.0 Java types. Events and error types a generation does not have (3.3:
 * DEREGISTERED, ERROR_CODE_RESET, ERROR_CONNECT) have no number there ({@link OptionalInt#empty()}).
 *
 * <p>Immutable and thread-safe.
 */
public enum Numbering {
    /** liblwm2m_carrier 3.7.0: DEREGISTERED = 6, ERROR_CODE_RESET = 15, ERROR_CONNECT = 8, no ERROR_RUN. */
    V3_7("3.7"),
    /** liblwm2m_carrier 3.3.x: DEFERRED = 6 … MODEM_SHUTDOWN = 13, ERROR_RUN = 7, no ERROR_CONNECT. */
    V3_3("3.3");

    /** An error type as a generation names it. */
    private record ErrorTypeEntry(int code, String vendorName, String text) {
    }

    /** What a failure becomes: a type and a fixed errno, or the failure's own (null). */
    private record FailureEntry(ErrorType type, Errno errno) {
    }

    private final String version;
    private final Map<EventType, Integer> events = new EnumMap<>(EventType.class);
    private final Map<ErrorType, ErrorTypeEntry> errorTypes = new EnumMap<>(ErrorType.class);
    private final Map<Failure, FailureEntry> failures = new EnumMap<>(Failure.class);
    private List<Errno> fotaFailValues = List.of();

    Numbering(String version) {
        this.version = version;
    }

    static {
        JsonNode root;
        try (InputStream in = Numbering.class.getResourceAsStream("numbering.json")) {
            root = new ObjectMapper().readTree(Objects.requireNonNull(in, "numbering.json is missing"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read numbering.json", e);
        }
        for (Numbering numbering : values()) {
            numbering.load(root.path(numbering.version));
        }
    }

    private void load(JsonNode table) {
        table.path("events").fields().forEachRemaining(e -> events.put(EventType.valueOf(e.getKey()), e.getValue().asInt()));
        table.path("errorTypes").fields().forEachRemaining(e -> errorTypes.put(ErrorType.valueOf(e.getKey()),
                new ErrorTypeEntry(e.getValue().get(0).asInt(), e.getValue().get(1).asText(), e.getValue().get(2).asText())));
        table.path("failures").fields().forEachRemaining(e -> failures.put(Failure.valueOf(e.getKey()),
                new FailureEntry(ErrorType.valueOf(e.getValue().get(0).asText()),
                        e.getValue().get(1).isNull() ? null : Errno.valueOf(e.getValue().get(1).asText()))));
        fotaFailValues = java.util.stream.StreamSupport.stream(table.path("fotaFailValues").spliterator(), false)
                .map(v -> Errno.valueOf(v.asText())).toList();
        if (events.size() < 14 || failures.size() != Failure.values().length) {
            throw new IllegalStateException("numbering.json: the " + version + " table is incomplete");
        }
    }

    /** The version as users write it: {@code "3.7"} or {@code "3.3"}. */
    public String version() {
        return version;
    }

    /**
     * The numbering for {@code "3.7"} / {@code "3.3"} (also {@code "3.7.0"}, {@code "V3_3"}).
     *
     * @throws IllegalArgumentException for any other text, naming the choices
     */
    public static Numbering of(String text) {
        String wanted = Objects.requireNonNull(text, "text").strip().toUpperCase(Locale.ROOT).replace('_', '.');
        for (Numbering numbering : values()) {
            if (wanted.equals(numbering.version) || wanted.equals("V" + numbering.version)
                    || wanted.startsWith(numbering.version + ".")) {
                return numbering;
            }
        }
        throw new IllegalArgumentException("unknown numbering '" + text + "', expected 3.7 or 3.3");
    }

    /** The event's number in this generation, or empty if the generation has no such event. */
    public OptionalInt eventCode(EventType type) {
        Integer code = events.get(type);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** The number of {@code event}'s type in this generation, or empty. */
    public OptionalInt code(CarrierEvent event) {
        return eventCode(event.type());
    }

    /** The error type's number in this generation (3.3: CONFIGURATION is ERROR_RUN = 7), or empty. */
    public OptionalInt errorTypeCode(ErrorType type) {
        ErrorTypeEntry entry = errorTypes.get(type);
        return entry == null ? OptionalInt.empty() : OptionalInt.of(entry.code());
    }

    /** The error type's macro name in this generation (3.3: {@code LWM2M_CARRIER_ERROR_RUN} for CONFIGURATION). */
    public String errorTypeName(ErrorType type) {
        ErrorTypeEntry entry = errorTypes.get(type);
        return entry == null ? type.vendorName() : entry.vendorName();
    }

    /** What the vendor sample of this generation prints for the error type. */
    public String errorText(ErrorType type) {
        ErrorTypeEntry entry = errorTypes.get(type);
        return entry == null ? type.text() : entry.text();
    }

    /**
     * The {@code ERROR} event this generation reports for {@code failure}.
     *
     * @param cause the failure's own errno, used where the generation's table has no fixed value
     */
    public CarrierEvent.Error error(Failure failure, Errno cause) {
        FailureEntry entry = failures.get(Objects.requireNonNull(failure, "failure"));
        return new CarrierEvent.Error(entry.type(), entry.errno() != null ? entry.errno() : Objects.requireNonNull(cause, "cause"));
    }

    /** The FOTA_FAIL values this generation documents, in the table's order. */
    public List<Errno> fotaFailValues() {
        return fotaFailValues;
    }

    /** The numbering whose version is {@code text}, or empty. */
    public static Optional<Numbering> find(String text) {
        try {
            return Optional.of(of(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
