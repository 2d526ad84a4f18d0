package io.carrieremu.core.carrier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.deferral.RetrySchedule;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The carrier profiles: the built-in {@code carrier-profiles.json} of the core's resources, optionally
 * overridden profile by profile from a user file ({@link #overriddenBy}). Loading validates every
 * field strictly — unknown fields, wrong types, impossible values — and names the file and the field.
 *
 * <p>Whatever the content, loading ends in profiles or a {@link CarrierProfileException}, nothing else.
 * The JSON reader is bounded: a file of at most {@value #MAX_FILE_BYTES} bytes (enforced while reading),
 * nesting at most {@value #MAX_DEPTH} deep, numbers of at most {@value #MAX_NUMBER_LENGTH} characters and
 * strings of at most {@value #MAX_STRING_LENGTH}; beyond a bound, and for JSON that is not well-formed,
 * the message names the file, line and column. A number outside a field's range is reported as such,
 * also when it does not fit 64 bits ({@code 18446744073709551617} is not 1).
 */
public final class CarrierProfiles {

    /** Name of the built-in resource, next to this class. */
    public static final String RESOURCE = "carrier-profiles.json";

    /** Largest profile file read, in bytes. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** Deepest nesting of arrays and objects accepted (a profile needs 4). */
    public static final int MAX_DEPTH = 32;
    /** Longest number accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 32;
    /** Longest string accepted, in characters. */
    public static final int MAX_STRING_LENGTH = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH).maxStringLength(MAX_STRING_LENGTH).build())
            .build());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]+)}");
    private static final Set<String> PROFILE_FIELDS = Set.of("id", "carrier", "facts", "homePlmns", "operatorIds",
            "bootstrapUri", "dmUri", "serverIds", "endpointName", "pskIdentity", "msisdnRequired", "bootstrapAtEveryStart",
            "lifetimeSeconds", "binding", "autoRegister", "customApn", "objects", "dmRetry", "bootstrapRetry", "pdnRetry",
            "badRequestRetrySeconds", "rules");

    private final Map<Carrier, CarrierProfile> profiles;

    private CarrierProfiles(Map<Carrier, CarrierProfile> profiles) {
        this.profiles = profiles;
    }

    /** The built-in profiles, parsed once (profiles are immutable values). */
    private static volatile CarrierProfiles builtIn;

    /** The profiles shipped with the core (read and checked on first use, then shared). */
    public static CarrierProfiles builtIn() throws CarrierProfileException {
        CarrierProfiles cached = builtIn;
        if (cached == null) {
            cached = readBuiltIn();
            builtIn = cached;
        }
        return cached;
    }

    private static CarrierProfiles readBuiltIn() throws CarrierProfileException {
        try (InputStream in = CarrierProfiles.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CarrierProfileException(RESOURCE, "", "missing from the classpath", null);
            }
            return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CarrierProfileException(RESOURCE, "", "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Profiles from a user file (at most {@link #MAX_FILE_BYTES} bytes of UTF-8). */
    public static CarrierProfiles load(Path file) throws CarrierProfileException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new CarrierProfileException(file.toString(), "", "cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new CarrierProfileException(file.toString(), "", "is larger than " + MAX_FILE_BYTES + " bytes", null);
        }
        return parse(file.toString(), new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Profiles from JSON text.
     *
     * @param source the name used in messages
     * @throws CarrierProfileException for text that is not JSON within the bounds, or not valid profiles
     */
    public static CarrierProfiles parse(String source, String json) throws CarrierProfileException {
        if (json.length() > MAX_FILE_BYTES) {
            throw new CarrierProfileException(source, "", "is larger than " + MAX_FILE_BYTES + " bytes", null);
        }
        JsonNode root;
        try (JsonParser parser = JSON.createParser(json)) {
            try {
                root = JSON.readTree(parser);
            } catch (JsonProcessingException e) {
                // A stream constraint's exception has no location of its own: the parser knows where it is.
                JsonLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw new CarrierProfileException(source, "", "is not JSON: line " + where.getLineNr() + ", column "
                        + where.getColumnNr() + ": " + e.getOriginalMessage(), e);
            }
        } catch (IOException e) {
            throw new CarrierProfileException(source, "", "cannot be read: " + e.getMessage(), e);
        }
        Reader reader = new Reader(source);
        if (root == null || !root.isObject()) {
            throw reader.fail("", "must be a JSON object");
        }
        reader.onlyFields(root, "", Set.of("formatVersion", "comment", "profiles"));
        if (reader.integer(root, "formatVersion", 1, 1) != 1) {
            throw reader.fail("formatVersion", "unsupported");
        }
        JsonNode list = reader.required(root, "", "profiles");
        if (!list.isArray() || list.isEmpty()) {
            throw reader.fail("profiles", "must be a non-empty array");
        }
        Map<Carrier, CarrierProfile> profiles = new EnumMap<>(Carrier.class);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "profiles[" + i + "]";
            CarrierProfile profile;
            try {
                profile = reader.profile(list.get(i), path);
            } catch (IllegalArgumentException e) {
                // A rule of the profile types that the field checks did not cover.
                throw reader.fail(path, e.getMessage());
            }
            if (!ids.add(profile.id())) {
                throw reader.fail(path + ".id", "duplicate id '" + profile.id() + "'");
            }
            if (profiles.put(profile.carrier(), profile) != null) {
                throw reader.fail(path + ".carrier", "a second profile for " + profile.carrier());
            }
        }
        return new CarrierProfiles(profiles);
    }

    /** These profiles with each of {@code user}'s replacing the one for the same carrier. */
    public CarrierProfiles overriddenBy(CarrierProfiles user) {
        Map<Carrier, CarrierProfile> merged = new EnumMap<>(profiles);
        merged.putAll(user.profiles);
        return new CarrierProfiles(merged);
    }

    /** The profile of {@code carrier}, if there is one. */
    public Optional<CarrierProfile> of(Carrier carrier) {
        return Optional.ofNullable(profiles.get(carrier));
    }

    /** All profiles, in carrier order. */
    public List<CarrierProfile> all() {
        return List.copyOf(profiles.values());
    }

    /** Walks the JSON tree with a path for every message. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        CarrierProfileException fail(String field, String problem) {
            return new CarrierProfileException(source, field, problem, null);
        }

        static String join(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        void onlyFields(JsonNode node, String path, Set<String> allowed) throws CarrierProfileException {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw fail(join(path, name), "unknown field");
                }
            }
        }

        JsonNode required(JsonNode node, String path, String name) throws CarrierProfileException {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw fail(join(path, name), "is required");
            }
            return value;
        }

        String string(JsonNode node, String path, String name) throws CarrierProfileException {
            JsonNode value = required(node, path, name);
            if (!value.isTextual()) {
                throw fail(join(path, name), "must be a string");
            }
            return value.asText();
        }

        boolean bool(JsonNode node, String path, String name) throws CarrierProfileException {
            JsonNode value = required(node, path, name);
            if (!value.isBoolean()) {
                throw fail(join(path, name), "must be true or false");
            }
            return value.asBoolean();
        }

        long integer(JsonNode node, String name, long min, long max) throws CarrierProfileException {
            return integer(node, "", name, min, max);
        }

        long integer(JsonNode node, String path, String name, long min, long max) throws CarrierProfileException {
            return integerValue(required(node, path, name), join(path, name), min, max);
        }

        long integerValue(JsonNode value, String field, long min, long max) throws CarrierProfileException {
            if (!value.isIntegralNumber()) {
                throw fail(field, "must be an integer");
            }
            if (!value.canConvertToLong()) {
                throw fail(field, "is outside " + min + ".." + max);
            }
            long number = value.asLong();
            if (number < min || number > max) {
                throw fail(field, number + " is outside " + min + ".." + max);
            }
            return number;
        }

        Optional<Integer> optionalInteger(JsonNode node, String path, String name, int min, int max) throws CarrierProfileException {
            JsonNode value = node.get(name);
            return value == null ? Optional.empty() : Optional.of((int) integerValue(value, join(path, name), min, max));
        }

        List<Integer> integers(JsonNode node, String path, String name, int min, int max) throws CarrierProfileException {
            JsonNode value = required(node, path, name);
            if (!value.isArray()) {
                throw fail(join(path, name), "must be an array");
            }
            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                numbers.add((int) integerValue(value.get(i), join(path, name) + "[" + i + "]", min, max));
            }
            return numbers;
        }

        <E extends Enum<E>> E choice(JsonNode node, String path, String name, Class<E> type) throws CarrierProfileException {
            String text = string(node, path, name);
            String constant = text.toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                return Enum.valueOf(type, constant);
            } catch (IllegalArgumentException e) {
                List<String> allowed = new ArrayList<>();
                for (E value : type.getEnumConstants()) {
                    allowed.add(value.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                throw fail(join(path, name), "'" + text + "' is not one of " + allowed);
            }
        }

        CarrierProfile profile(JsonNode node, String path) throws CarrierProfileException {
            if (!node.isObject()) {
                throw fail(path, "must be an object");
            }
            onlyFields(node, path, PROFILE_FIELDS);
            String id = string(node, path, "id");
            if (!id.matches("[a-z0-9-]+")) {
                throw fail(join(path, "id"), "use lower-case letters, digits and '-'");
            }
            String carrierName = string(node, path, "carrier");
            Carrier carrier;
            try {
                carrier = Carrier.valueOf(carrierName);
            } catch (IllegalArgumentException e) {
                throw fail(join(path, "carrier"), "'" + carrierName + "' is not a carrier of the library");
            }
            CarrierProfile.Facts facts = choice(node, path, "facts", CarrierProfile.Facts.class);

            JsonNode plmnNode = required(node, path, "homePlmns");
            if (!plmnNode.isArray()) {
                throw fail(join(path, "homePlmns"), "must be an array");
            }
            List<String> plmns = new ArrayList<>();
            for (int i = 0; i < plmnNode.size(); i++) {
                String plmn = plmnNode.get(i).asText();
                if (!plmnNode.get(i).isTextual() || !plmn.matches("[0-9]{5,6}")) {
                    throw fail(join(path, "homePlmns") + "[" + i + "]", "a PLMN is MCC and MNC, 5 or 6 digits, as a string");
                }
                plmns.add(plmn);
            }
            List<Integer> operatorIds = integers(node, path, "operatorIds", 0, 255);

            String bootstrapUri = uri(node, path, "bootstrapUri", true);
            String dmUri = node.has("dmUri") ? uri(node, path, "dmUri", false) : "";
            if (bootstrapUri.isEmpty() && dmUri.isEmpty() && carrier != Carrier.GENERIC) {
                throw fail(join(path, "dmUri"), "is required when the carrier has no bootstrap server");
            }

            String idsPath = join(path, "serverIds");
            JsonNode ids = required(node, path, "serverIds");
            if (!ids.isObject()) {
                throw fail(idsPath, "must be an object");
            }
            onlyFields(ids, idsPath, Set.of("bootstrap", "dm", "diagnostics", "repository"));
            List<Integer> dm = integers(ids, idsPath, "dm", 1, 65534);
            if (dm.isEmpty()) {
                throw fail(join(idsPath, "dm"), "needs at least one DM server id");
            }
            CarrierProfile.ServerIds serverIds = new CarrierProfile.ServerIds(
                    optionalInteger(ids, idsPath, "bootstrap", 0, 65535), dm,
                    optionalInteger(ids, idsPath, "diagnostics", 1, 65534),
                    optionalInteger(ids, idsPath, "repository", 1, 65534));

            boolean msisdnRequired = bool(node, path, "msisdnRequired");
            String endpointName = template(node, path, "endpointName", Set.of("imei", "msisdn10"));
            String pskIdentity = template(node, path, "pskIdentity", Set.of("imei", "msisdn10", "endpoint"));
            if ((endpointName.contains("{msisdn10}") || pskIdentity.contains("{msisdn10}")) && !msisdnRequired) {
                throw fail(join(path, "msisdnRequired"), "must be true when a template uses {msisdn10}");
            }
            String binding = string(node, path, "binding");
            if (!binding.matches("U|N|UN")) {
                throw fail(join(path, "binding"), "must be U, N or UN");
            }
            List<Integer> objects = integers(node, path, "objects", 0, 65535);
            for (int mandatory : new int[] {0, 1, 3}) {
                if (!objects.contains(mandatory)) {
                    throw fail(join(path, "objects"), "must include object " + mandatory);
                }
            }
            return new CarrierProfile(id, carrier, facts, plmns, operatorIds, bootstrapUri, dmUri, serverIds, endpointName,
                    pskIdentity, msisdnRequired, bool(node, path, "bootstrapAtEveryStart"),
                    integer(node, path, "lifetimeSeconds", 1, Integer.MAX_VALUE), binding, bool(node, path, "autoRegister"),
                    choice(node, path, "customApn", CarrierProfile.CustomApn.class), new HashSet<>(objects),
                    retry(node, path, "dmRetry"), retry(node, path, "bootstrapRetry"), retry(node, path, "pdnRetry"),
                    optionalInteger(node, path, "badRequestRetrySeconds", 1, 30 * 86400).map(Duration::ofSeconds),
                    rules(node, path));
        }

        CarrierProfile.Rules rules(JsonNode node, String path) throws CarrierProfileException {
            JsonNode rules = node.get("rules");
            if (rules == null) {
                return CarrierProfile.Rules.NONE;
            }
            String rulesPath = join(path, "rules");
            if (!rules.isObject()) {
                throw fail(rulesPath, "must be an object");
            }
            onlyFields(rules, rulesPath, Set.of("registrationRequests", "deregisterOnLinkDown", "firmwareDownloadTimeoutMinutes",
                    "apnClasses", "serverApnClass"));
            boolean requests = rules.has("registrationRequests") && bool(rules, rulesPath, "registrationRequests");
            boolean deregister = rules.has("deregisterOnLinkDown") && bool(rules, rulesPath, "deregisterOnLinkDown");
            Optional<Duration> push = optionalInteger(rules, rulesPath, "firmwareDownloadTimeoutMinutes", 1, 65535)
                    .map(Duration::ofMinutes);
            List<Integer> apnClasses = rules.has("apnClasses") ? integers(rules, rulesPath, "apnClasses", 1, 10) : List.of();
            Optional<Integer> serverApnClass = optionalInteger(rules, rulesPath, "serverApnClass", 1, 10);
            return new CarrierProfile.Rules(requests, deregister, push, apnClasses, serverApnClass);
        }

        String uri(JsonNode node, String path, String name, boolean mayBeEmpty) throws CarrierProfileException {
            String text = string(node, path, name);
            if (text.isEmpty()) {
                if (!mayBeEmpty) {
                    throw fail(join(path, name), "must not be empty");
                }
                return text;
            }
            try {
                URI uri = new URI(text);
                if (!"coaps".equals(uri.getScheme()) && !"coap".equals(uri.getScheme())) {
                    throw fail(join(path, name), "scheme must be coap or coaps");
                }
                if (uri.getHost() == null) {
                    throw fail(join(path, name), "has no host");
                }
            } catch (URISyntaxException e) {
                throw fail(join(path, name), "is not a URI: " + e.getReason());
            }
            return text;
        }

        String template(JsonNode node, String path, String name, Set<String> placeholders) throws CarrierProfileException {
            String text = string(node, path, name);
            if (text.isEmpty()) {
                throw fail(join(path, name), "must not be empty");
            }
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                if (!placeholders.contains(m.group(1))) {
                    throw fail(join(path, name), "unknown placeholder {" + m.group(1) + "} (known: " + placeholders + ")");
                }
            }
            return text;
        }

        RetrySchedule retry(JsonNode node, String path, String name) throws CarrierProfileException {
            String retryPath = join(path, name);
            JsonNode retry = required(node, path, name);
            if (!retry.isObject()) {
                throw fail(retryPath, "must be an object");
            }
            onlyFields(retry, retryPath, Set.of("delaysSeconds", "whenExhausted"));
            List<Integer> seconds = integers(retry, retryPath, "delaysSeconds", 1, 30 * 86400);
            if (seconds.isEmpty()) {
                throw fail(join(retryPath, "delaysSeconds"), "needs at least one delay");
            }
            RetrySchedule.WhenExhausted when = choice(retry, retryPath, "whenExhausted", RetrySchedule.WhenExhausted.class);
            return new RetrySchedule(seconds.stream().map(Duration::ofSeconds).toList(), when);
        }
    }

    @Override
    public String toString() {
        Map<String, String> ids = new LinkedHashMap<>();
        profiles.forEach((carrier, profile) -> ids.put(carrier.name(), profile.id()));
        return "CarrierProfiles" + ids;
    }
}
