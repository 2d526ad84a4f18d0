package io.carrieremu.core.config;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Psk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link CarrierConfig} from a Kconfig-style properties file, so nRF users can reuse the
 * {@code CONFIG_LWM2M_CARRIER_*} lines of their {@code prj.conf}.
 *
 * <p>The file is read the way Kconfig reads a {@code .config} fragment, and turned into a
 * configuration the way the vendor glue ({@code os/lwm2m_carrier.c}) turns Kconfig into
 * {@code lwm2m_carrier_config_t}: unset options keep their Kconfig defaults (every carrier but
 * generic enabled, auto-register and queue mode on, {@code IS_BOOTSTRAP_SERVER=y}, session idle
 * timeout 60, CoAP CON interval 86400), and the carrier bits are ORed together.
 *
 * <ul>
 *   <li>Lines are {@code CONFIG_<NAME>=<value>}, blank, or {@code #} comments; {@code # CONFIG_X is not
 *       set} sets a boolean to {@code n}. A later line for the same key wins.
 *   <li>Booleans are {@code y} or {@code n}; integers are decimal or {@code 0x} hex; strings are in
 *       double quotes with {@code \"} and {@code \\} escapes.
 *   <li>Every {@code CONFIG_LWM2M_CARRIER_*} key must be one the library defines; the sample's
 *       {@code CONFIG_CARRIER_APP_PSK} (a hex PSK) is understood too. Other {@code CONFIG_*} keys belong
 *       to other subsystems: they are returned in {@link KconfigFile#foreignKeys()} and otherwise
 *       ignored.
 *   <li>Values are checked against the Kconfig ranges and the library's string limits; a server URI
 *       must be {@code coap://} or {@code coaps://} with a host.
 * </ul>
 *
 * <p>Every problem is a {@link ConfigFileException} whose message starts with {@code file:line:}; the
 * loader throws nothing else for any content. A file larger than {@value #MAX_FILE_BYTES} bytes is
 * refused while it is read (line 0), so a huge or endless file costs at most that much memory.
 */
public final class KconfigLoader {

    /** Largest file read, in bytes: a {@code prj.conf} is a few kilobytes. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private static final String PREFIX = "CONFIG_";
    private static final String CARRIER_PREFIX = "LWM2M_CARRIER_";
    private static final String APP_PSK = "CARRIER_APP_PSK";
    private static final Pattern ASSIGNMENT = Pattern.compile("CONFIG_([A-Za-z0-9_]+)=(.*)");
    private static final Pattern INTEGER = Pattern.compile("(-?)(?:0[xX]([0-9a-fA-F]{1,15})|([0-9]{1,18}))");
    private static final Pattern NOT_SET = Pattern.compile("#\\s*CONFIG_([A-Za-z0-9_]+) is not set");

    /**
     * The result of loading a file.
     *
     * @param config the configuration the vendor glue would build from the file
     * @param foreignKeys the {@code CONFIG_*} keys of other subsystems, in file order, each once (ignored)
     * @param notes {@code file:line:} notes on options of older generations that were accepted (renamed
     *     ones read under their 3.x name, obsolete ones ignored)
     */
    public record KconfigFile(CarrierConfig config, List<String> foreignKeys, List<String> notes) {
        /** Copies the lists. */
        public KconfigFile {
            foreignKeys = List.copyOf(new java.util.LinkedHashSet<>(foreignKeys));
            notes = List.copyOf(notes);
        }

        /** A result without notes. */
        public KconfigFile(CarrierConfig config, List<String> foreignKeys) {
            this(config, foreignKeys, List.of());
        }
    }

    /** What an option of an older generation is today (from {@code kconfig-history.properties}). */
    private record Former(String action, String replacement, String why) {
    }

    /** Options of older generations, by name without {@code CONFIG_}. */
    private static final Map<String, Former> FORMER = new HashMap<>();

    static {
        java.util.Properties history = new java.util.Properties();
        try (java.io.InputStream in = KconfigLoader.class.getResourceAsStream("kconfig-history.properties")) {
            history.load(java.util.Objects.requireNonNull(in, "kconfig-history.properties is missing"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String name : history.stringPropertyNames()) {
            String[] parts = history.getProperty(name).split("\\|", -1);
            FORMER.put(name, new Former(parts[0].strip(), parts[1].strip(), parts[2].strip()));
        }
    }

    private enum Kind { BOOL, INT, STRING, PSK }

    /** One option the loader understands: its kind and, for numbers and strings, its limits. */
    private record Option(Kind kind, long min, long max) {
        static Option bool() {
            return new Option(Kind.BOOL, 0, 1);
        }

        static Option integer(long min, long max) {
            return new Option(Kind.INT, min, max);
        }

        static Option string(int maxBytes) {
            return new Option(Kind.STRING, 0, maxBytes);
        }
    }

    /** Options of the library Kconfig (names without {@code CONFIG_}). */
    private static final Map<String, Option> OPTIONS = new HashMap<>();

    static {
        for (String bool : List.of("LWM2M_CARRIER", "LWM2M_CARRIER_GENERIC", "LWM2M_CARRIER_VERIZON",
                "LWM2M_CARRIER_LG_UPLUS", "LWM2M_CARRIER_T_MOBILE", "LWM2M_CARRIER_SOFTBANK", "LWM2M_CARRIER_BELL_CA",
                "LWM2M_CARRIER_AUTO_REGISTER", "LWM2M_CARRIER_QUEUE_MODE", "LWM2M_CARRIER_IS_BOOTSTRAP_SERVER",
                "LWM2M_CARRIER_SERVER_BINDING_UDP", "LWM2M_CARRIER_SERVER_BINDING_NONIP",
                "LWM2M_CARRIER_PDN_TYPE_IPV4V6", "LWM2M_CARRIER_PDN_TYPE_IPV4", "LWM2M_CARRIER_PDN_TYPE_IPV6",
                "LWM2M_CARRIER_PDN_TYPE_NONIP", "LWM2M_CARRIER_LG_UPLUS_IMEI", "LWM2M_CARRIER_LG_UPLUS_2DID",
                "LWM2M_CARRIER_SOFTBANK_DIVIDED_FOTA", "LWM2M_CARRIER_SETTINGS", "LWM2M_CARRIER_SHELL",
                "LWM2M_CARRIER_LOG_LEVEL_OFF", "LWM2M_CARRIER_LOG_LEVEL_ERR", "LWM2M_CARRIER_LOG_LEVEL_WRN",
                "LWM2M_CARRIER_LOG_LEVEL_INF", "LWM2M_CARRIER_LOG_LEVEL_DBG", "LWM2M_CARRIER_LOG_LEVEL_DEFAULT")) {
            OPTIONS.put(bool, Option.bool());
        }
        OPTIONS.put("LWM2M_CARRIER_CUSTOM_URI", Option.string(CarrierConfig.MAX_SERVER_URI_LENGTH));
        OPTIONS.put("LWM2M_CARRIER_CUSTOM_APN", Option.string(CarrierConfig.MAX_APN_LENGTH));
        OPTIONS.put("LWM2M_CARRIER_LG_UPLUS_SERVICE_CODE", Option.string(CarrierConfig.MAX_SERVICE_CODE_LENGTH));
        for (String device : List.of("MANUFACTURER", "MODEL_NUMBER", "TYPE", "HARDWARE_VERSION", "SOFTWARE_VERSION")) {
            OPTIONS.put("LWM2M_CARRIER_DEVICE_" + device, Option.string(CarrierConfig.MAX_DEVICE_STRING_LENGTH));
        }
        OPTIONS.put("LWM2M_CARRIER_SERVER_LIFETIME", Option.integer(0, Integer.MAX_VALUE));
        OPTIONS.put("LWM2M_CARRIER_SERVER_SEC_TAG", Option.integer(0, Integer.MAX_VALUE));
        OPTIONS.put("LWM2M_CARRIER_PDN_TYPE", Option.integer(0, 3));
        OPTIONS.put("LWM2M_CARRIER_SESSION_IDLE_TIMEOUT", Option.integer(-1, 86400));
        OPTIONS.put("LWM2M_CARRIER_COAP_CON_INTERVAL", Option.integer(-1, 86400));
        OPTIONS.put("LWM2M_CARRIER_FIRMWARE_DOWNLOAD_TIMEOUT", Option.integer(0, 65535));
        OPTIONS.put("LWM2M_CARRIER_FIRMWARE_DOWNLOAD_BUF_SIZE", Option.integer(128, 65535));
        OPTIONS.put("LWM2M_CARRIER_WORKQ_STACK_SIZE", Option.integer(0, Integer.MAX_VALUE));
        OPTIONS.put("LWM2M_CARRIER_THREAD_STACK_SIZE", Option.integer(0, Integer.MAX_VALUE));
        OPTIONS.put("LWM2M_CARRIER_STORAGE_AREA_SIZE", Option.integer(0, Integer.MAX_VALUE));
        OPTIONS.put("LWM2M_CARRIER_STORAGE_SECTOR_SIZE", Option.integer(0, Integer.MAX_VALUE));
        OPTIONS.put("LWM2M_CARRIER_LOG_LEVEL", Option.integer(0, 4));
        OPTIONS.put(APP_PSK, new Option(Kind.PSK, 0, Psk.MAX_BYTES * 2));
    }

    private KconfigLoader() {
    }

    /**
     * Loads a file.
     *
     * @throws ConfigFileException if the file cannot be read (line 0) or any line is wrong
     */
    public static KconfigFile load(Path file) throws ConfigFileException {
        return parse(file.toString(), read(file));
    }

    /** The file as UTF-8 text, reading at most one byte more than {@link #MAX_FILE_BYTES}. */
    private static String read(Path file) throws ConfigFileException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, null, null,
                    "cannot be read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ConfigFileException(file.toString(), 0, null, Errno.E2BIG,
                    "is larger than " + MAX_FILE_BYTES + " bytes", null);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigFileException(file.toString(), 0, null, null, "is not UTF-8 text", e);
        }
    }

    /**
     * Parses file content.
     *
     * @param fileName the name used in messages
     * @param text the content
     * @throws ConfigFileException if any line is wrong, or the text is longer than {@link #MAX_FILE_BYTES}
     */
    public static KconfigFile parse(String fileName, String text) throws ConfigFileException {
        if (text.length() > MAX_FILE_BYTES) {
            throw new ConfigFileException(fileName, 0, null, Errno.E2BIG, "is larger than " + MAX_FILE_BYTES + " bytes", null);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> foreign = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty()) {
                continue;
            }
            Matcher notSet = NOT_SET.matcher(line);
            if (notSet.matches()) {
                String name = former(fileName, lineNo, notSet.group(1), notes);
                Option option = name == null ? null : option(fileName, lineNo, name, foreign);
                if (option != null) {
                    if (option.kind() != Kind.BOOL) {
                        throw new ConfigFileException(fileName, lineNo, PREFIX + name, null,
                                "'is not set' applies to booleans only", null);
                    }
                    values.put(name, Boolean.FALSE);
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (!assignment.matches()) {
                throw new ConfigFileException(fileName, lineNo, null, null,
                        "expected CONFIG_<NAME>=<value>, a comment or a blank line", null);
            }
            String name = former(fileName, lineNo, assignment.group(1), notes);
            Option option = name == null ? null : option(fileName, lineNo, name, foreign);
            if (option != null) {
                values.put(name, value(fileName, lineNo, name, option, assignment.group(2).strip()));
            }
        }
        return new KconfigFile(toConfig(fileName, values), foreign, notes);
    }

    /**
     * The 3.x name to read for {@code name}: itself, a renamed option's new name (noted), or null for an
     * obsolete option (noted, ignored).
     *
     * @throws ConfigFileException for a removed option, with what to use instead
     */
    private static String former(String fileName, int lineNo, String name, List<String> notes) throws ConfigFileException {
        Former former = FORMER.get(name);
        if (former == null) {
            return name;
        }
        String where = fileName + ":" + lineNo + ": " + PREFIX + name + ": ";
        switch (former.action()) {
            case "alias" -> {
                notes.add(where + former.why() + ", read as " + PREFIX + former.replacement());
                return former.replacement();
            }
            case "obsolete" -> {
                notes.add(where + former.why() + "; ignored");
                return null;
            }
            default -> throw new ConfigFileException(fileName, lineNo, PREFIX + name, null, former.why(), null);
        }
    }

    /** The option for a key, null for a foreign key (recorded), or an error for an unknown carrier key. */
    private static Option option(String fileName, int lineNo, String name, List<String> foreign)
            throws ConfigFileException {
        Option option = OPTIONS.get(name);
        if (option != null) {
            return option;
        }
        if (name.startsWith(CARRIER_PREFIX)) {
            throw new ConfigFileException(fileName, lineNo, PREFIX + name, null,
                    "unknown LwM2M carrier library option", null);
        }
        foreign.add(PREFIX + name);
        return null;
    }

    private static Object value(String fileName, int lineNo, String name, Option option, String raw)
            throws ConfigFileException {
        String key = PREFIX + name;
        switch (option.kind()) {
            case BOOL -> {
                if (raw.equals("y")) {
                    return Boolean.TRUE;
                }
                if (raw.equals("n")) {
                    return Boolean.FALSE;
                }
                throw new ConfigFileException(fileName, lineNo, key, null,
                        "expected y or n, got '" + abbreviate(raw) + "'", null);
            }
            case INT -> {
                long number = parseInteger(fileName, lineNo, key, raw);
                if (number < option.min() || number > option.max()) {
                    throw new ConfigFileException(fileName, lineNo, key, null,
                            number + " is outside the range " + option.min() + ".." + option.max(), null);
                }
                return (int) number;
            }
            case STRING -> {
                String value = unquote(fileName, lineNo, key, raw, true);
                int bytes = CarrierConfig.utf8Length(value);
                if (bytes > option.max()) {
                    throw new ConfigFileException(fileName, lineNo, key, Errno.E2BIG,
                            "string of " + bytes + " bytes exceeds the limit of " + option.max(), null);
                }
                if (name.equals("LWM2M_CARRIER_CUSTOM_URI") && !value.isEmpty()) {
                    Optional<ConfigViolation> violation = CarrierConfig.checkServerUri(value);
                    if (violation.isPresent()) {
                        throw new ConfigFileException(fileName, lineNo, key, violation.get().errno(),
                                "server URI " + violation.get().message(), null);
                    }
                }
                return value;
            }
            case PSK -> {
                // Never echo the value: it is a key.
                String hex = unquote(fileName, lineNo, key, raw, false);
                if (hex.isEmpty()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Psk.ofHex(hex));
                } catch (IllegalArgumentException e) {
                    throw new ConfigFileException(fileName, lineNo, key, null, e.getMessage(), null);
                }
            }
            default -> throw new IllegalStateException("unreachable");
        }
    }

    private static long parseInteger(String fileName, int lineNo, String key, String raw) throws ConfigFileException {
        Matcher m = INTEGER.matcher(raw);
        if (m.matches()) {
            try {
                long magnitude = m.group(2) != null ? Long.parseLong(m.group(2), 16) : Long.parseLong(m.group(3));
                return m.group(1).isEmpty() ? magnitude : -magnitude;
            } catch (NumberFormatException tooLong) {
                // falls through to the error below
            }
        }
        throw new ConfigFileException(fileName, lineNo, key, null,
                "expected a decimal or 0x hex integer, got '" + abbreviate(raw) + "'", null);
    }

    /** The content of a double-quoted Kconfig string; {@code echo} false keeps the text out of messages. */
    private static String unquote(String fileName, int lineNo, String key, String raw, boolean echo)
            throws ConfigFileException {
        if (!raw.startsWith("\"")) {
            throw new ConfigFileException(fileName, lineNo, key, null,
                    "string values are written in double quotes"
                            + (echo ? ", got '" + abbreviate(raw) + "'" : ""), null);
        }
        StringBuilder out = new StringBuilder();
        int i = 1;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\\') {
                if (i + 1 >= raw.length()) {
                    break;
                }
                out.append(raw.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '"') {
                if (!raw.substring(i + 1).isBlank()) {
                    throw new ConfigFileException(fileName, lineNo, key, null,
                            "unexpected text after the closing quote", null);
                }
                return out.toString();
            }
            out.append(c);
            i++;
        }
        throw new ConfigFileException(fileName, lineNo, key, null, "unterminated string (missing closing quote)", null);
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "…";
    }

    /** Builds the configuration as the vendor glue does from the Kconfig symbols. */
    private static CarrierConfig toConfig(String fileName, Map<String, Object> values) throws ConfigFileException {
        KconfigValues k = new KconfigValues(values);
        CarrierConfig.Builder builder = CarrierConfig.builder();
        int mask = 0;
        mask |= k.bool("LWM2M_CARRIER_GENERIC", false) ? Carrier.GENERIC.bit() : 0;
        mask |= k.bool("LWM2M_CARRIER_VERIZON", true) ? Carrier.VERIZON.bit() : 0;
        mask |= k.bool("LWM2M_CARRIER_LG_UPLUS", true) ? Carrier.LG_UPLUS.bit() : 0;
        mask |= k.bool("LWM2M_CARRIER_T_MOBILE", true) ? Carrier.T_MOBILE.bit() : 0;
        mask |= k.bool("LWM2M_CARRIER_SOFTBANK", true) ? Carrier.SOFTBANK.bit() : 0;
        mask |= k.bool("LWM2M_CARRIER_BELL_CA", true) ? Carrier.BELL_CA.bit() : 0;
        builder.carriersEnabled(mask)
                .disableAutoRegister(!k.bool("LWM2M_CARRIER_AUTO_REGISTER", true))
                .disableQueueMode(!k.bool("LWM2M_CARRIER_QUEUE_MODE", true))
                .serverUri(k.string("LWM2M_CARRIER_CUSTOM_URI"))
                .isBootstrapServer(k.bool("LWM2M_CARRIER_IS_BOOTSTRAP_SERVER", true))
                .serverLifetime(k.integer("LWM2M_CARRIER_SERVER_LIFETIME", 0))
                .serverSecTag(k.integer("LWM2M_CARRIER_SERVER_SEC_TAG", 0))
                .apn(k.string("LWM2M_CARRIER_CUSTOM_APN"))
                .pdnType(pdnType(k))
                .coapConInterval(k.integer("LWM2M_CARRIER_COAP_CON_INTERVAL", 86400))
                .serverBinding((k.bool("LWM2M_CARRIER_SERVER_BINDING_UDP", false) ? ServerBinding.UDP.bit() : 0)
                        | (k.bool("LWM2M_CARRIER_SERVER_BINDING_NONIP", false) ? ServerBinding.NONIP.bit() : 0))
                .manufacturer(k.string("LWM2M_CARRIER_DEVICE_MANUFACTURER"))
                .modelNumber(k.string("LWM2M_CARRIER_DEVICE_MODEL_NUMBER"))
                .deviceType(k.string("LWM2M_CARRIER_DEVICE_TYPE"))
                .hardwareVersion(k.string("LWM2M_CARRIER_DEVICE_HARDWARE_VERSION"))
                .softwareVersion(k.string("LWM2M_CARRIER_DEVICE_SOFTWARE_VERSION"))
                .firmwareDownloadTimeout(k.integer("LWM2M_CARRIER_FIRMWARE_DOWNLOAD_TIMEOUT", 0))
                .sessionIdleTimeout(k.integer("LWM2M_CARRIER_SESSION_IDLE_TIMEOUT", 60));
        // The glue copies the LG U+ settings only when LG U+ is enabled.
        if ((mask & Carrier.LG_UPLUS.bit()) != 0) {
            builder.lgUplusServiceCode(k.string("LWM2M_CARRIER_LG_UPLUS_SERVICE_CODE"))
                    .lgUplusSerialNumberType(k.bool("LWM2M_CARRIER_LG_UPLUS_2DID", false)
                            ? LgUplusSerialNumberType.TWO_DID
                            : LgUplusSerialNumberType.IMEI);
        }
        @SuppressWarnings("unchecked")
        Optional<Psk> psk = (Optional<Psk>) values.getOrDefault(APP_PSK, Optional.empty());
        builder.appPsk(psk.orElse(null));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(fileName, 0, null, null, e.getMessage(), e);
        }
    }

    /** The PDN type from the int symbol or, when set, the choice symbols (which win, as in Kconfig). */
    private static int pdnType(KconfigValues k) {
        int type = k.integer("LWM2M_CARRIER_PDN_TYPE", PdnType.IPV4V6.code());
        for (PdnType candidate : PdnType.values()) {
            if (k.bool("LWM2M_CARRIER_PDN_TYPE_" + candidate.name(), false)) {
                type = candidate.code();
            }
        }
        return type;
    }

    /** Typed access to the parsed symbols with Kconfig defaults. */
    private record KconfigValues(Map<String, Object> values) {
        boolean bool(String name, boolean fallback) {
            return (Boolean) values.getOrDefault(name, fallback);
        }

        int integer(String name, int fallback) {
            return (Integer) values.getOrDefault(name, fallback);
        }

        String string(String name) {
            return (String) values.getOrDefault(name, "");
        }
    }
}
