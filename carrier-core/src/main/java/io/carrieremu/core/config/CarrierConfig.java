package io.carrieremu.core.config;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.Numbering;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The library configuration: the Java shape of {@code lwm2m_carrier_config_t} (3.7.0).
 *
 * <p>Build one with {@link #builder()}; a builder left alone gives the C library's defaults (a zeroed
 * struct): all carriers enabled, auto-register and queue mode on, no custom server, session idle
 * timeout 60 s, CoAP CON interval 24 h, and so on. {@link KconfigLoader} builds one from a
 * {@code prj.conf}-style file with the Kconfig defaults instead, exactly as the vendor glue does.
 *
 * <p>A configuration may hold values that break the library's documented rules (a 300-character
 * URI, an {@code ftp://} URI): as in C, those are reported when the library starts, as an
 * {@code ERROR{CONFIGURATION, value}} event, by {@link #validate(SecTagLookup)}. Values no C
 * caller could pass (null strings, a negative lifetime) are programming errors and throw at build time.
 *
 * <p>{@link #toString()} never shows key bytes.
 *
 * @param carriersEnabled {@code carriers_enabled}: bitmask of {@link Carrier} bits; 0 enables all
 *     (generic included)
 * @param disableAutoRegister {@code disable_auto_register}: honoured for SoftBank and generic only
 * @param disableQueueMode {@code disable_queue_mode}
 * @param isBootstrapServer {@code is_bootstrap_server}: whether {@code serverUri} is a bootstrap server
 * @param serverUri {@code server_uri}: custom server, empty for none; at most 255 bytes
 * @param serverSecTag {@code server_sec_tag}: tag holding the custom server's PSK; 0 for none
 * @param serverBinding {@code server_binding}: {@link ServerBinding} bits; 0 uses the factory value
 * @param serverLifetime {@code server_lifetime} in seconds; 0 uses the factory value (generic: 1 h)
 * @param sessionIdleTimeout {@code session_idle_timeout} in seconds; 0 means 60 s, -1 disables
 * @param coapConInterval {@code coap_con_interval} in seconds; 0 means 24 h, -1 always CON
 * @param firmwareDownloadTimeout {@code firmware_download_timeout} in minutes (push only); 0 means
 *     30 min for SoftBank and none otherwise
 * @param apn {@code apn}: custom APN, empty for none; at most 63 bytes
 * @param pdnType {@code pdn_type}: a {@link PdnType} value
 * @param manufacturer {@code manufacturer} ({@code /3/0/0}), at most 32 bytes
 * @param modelNumber {@code model_number} ({@code /3/0/1}), at most 32 bytes
 * @param deviceType {@code device_type} ({@code /3/0/17}), at most 32 bytes
 * @param hardwareVersion {@code hardware_version} ({@code /3/0/18}), at most 32 bytes
 * @param softwareVersion {@code software_version} ({@code /3/0/19} suffix), at most 32 bytes
 * @param lgUplusServiceCode {@code lg_uplus.service_code}, at most 5 bytes; required for LG U+
 * @param lgUplusSerialNumberType {@code lg_uplus.device_serial_no_type}
 * @param appPsk the vendor sample's {@code CONFIG_CARRIER_APP_PSK}: a development PSK the
 *     application provisions into {@code serverSecTag} before starting the library; empty for none
 * @param numbering the vendor generation whose event and error numbers and documented error values the
 *     library reports ({@link Numbering#V3_7} unless asked otherwise; not a field of the C struct)
 */
public record CarrierConfig(
        int carriersEnabled,
        boolean disableAutoRegister,
        boolean disableQueueMode,
        boolean isBootstrapServer,
        String serverUri,
        int serverSecTag,
        int serverBinding,
        int serverLifetime,
        int sessionIdleTimeout,
        int coapConInterval,
        int firmwareDownloadTimeout,
        String apn,
        int pdnType,
        String manufacturer,
        String modelNumber,
        String deviceType,
        String hardwareVersion,
        String softwareVersion,
        String lgUplusServiceCode,
        LgUplusSerialNumberType lgUplusSerialNumberType,
        Optional<Psk> appPsk,
        Numbering numbering) {

    /** Longest {@code server_uri}, in bytes. */
    public static final int MAX_SERVER_URI_LENGTH = 255;
    /**
     * The sec tag the factory bootstrap PSK is read from: where a device maker (or the simulator)
     * provisions the key the vendor compiles into its library. Write it with {@code AT%CMNG} before the
     * first start.
     */
    public static final int FACTORY_BOOTSTRAP_SEC_TAG = 1000;
    /** The first sec tag the library writes its credentials to when no server sec tag is configured (25..28). */
    public static final int DEFAULT_FIRST_SEC_TAG = 25;
    /** Longest {@code apn}, in bytes. */
    public static final int MAX_APN_LENGTH = 63;
    /** Longest device string (manufacturer, model, type, hardware and software version), in bytes. */
    public static final int MAX_DEVICE_STRING_LENGTH = 32;
    /** Longest LG U+ service code, in bytes. */
    public static final int MAX_SERVICE_CODE_LENGTH = 5;
    /** The session idle timeout used when the field is 0. */
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The CoAP CON interval used when the field is 0. */
    public static final Duration DEFAULT_COAP_CON_INTERVAL = Duration.ofHours(24);
    /** The generic-mode lifetime used when the field is 0. */
    public static final Duration GENERIC_DEFAULT_LIFETIME = Duration.ofHours(1);

    /** Rejects what no C caller could pass; documented rule breaks are left to {@link #validate}. */
    public CarrierConfig {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(apn, "apn");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(modelNumber, "modelNumber");
        Objects.requireNonNull(deviceType, "deviceType");
        Objects.requireNonNull(hardwareVersion, "hardwareVersion");
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        Objects.requireNonNull(lgUplusServiceCode, "lgUplusServiceCode");
        Objects.requireNonNull(lgUplusSerialNumberType, "lgUplusSerialNumberType");
        Objects.requireNonNull(appPsk, "appPsk");
        Objects.requireNonNull(numbering, "numbering");
        requireAtLeast("serverSecTag", serverSecTag, 0);
        requireAtLeast("serverLifetime", serverLifetime, 0);
        requireAtLeast("sessionIdleTimeout", sessionIdleTimeout, -1);
        requireAtLeast("coapConInterval", coapConInterval, -1);
        if (firmwareDownloadTimeout < 0 || firmwareDownloadTimeout > 0xFFFF) {
            throw new IllegalArgumentException(
                    "firmwareDownloadTimeout is a uint16 number of minutes (0..65535), got " + firmwareDownloadTimeout);
        }
    }

    private static void requireAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", got " + value);
        }
    }

    /** A builder holding the C library's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The C library's defaults (a zeroed {@code lwm2m_carrier_config_t}). */
    public static CarrierConfig defaults() {
        return builder().build();
    }

    /** A builder initialised from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The carriers the mask enables; a mask of 0 enables all of them, generic included. */
    public Set<Carrier> enabledCarriers() {
        return Carrier.fromMask(carriersEnabled);
    }

    /** True if a custom server URI is configured. */
    public boolean hasCustomServer() {
        return !serverUri.isEmpty();
    }

    /**
     * True if the server settings ({@code server_uri}, {@code is_bootstrap_server}, {@code server_sec_tag},
     * {@code server_binding}, {@code server_lifetime}) are used: when generic is enabled (they configure
     * the generic server), or when exactly one carrier is enabled (they override its factory bootstrap
     * configuration — how certification servers are reached). With several carriers and no generic
     * they are ignored.
     */
    public boolean serverSettingsApply() {
        Set<Carrier> enabled = enabledCarriers();
        return enabled.contains(Carrier.GENERIC) || enabled.size() == 1;
    }

    /**
     * SHA-256 over the server settings ({@code server_uri}, {@code is_bootstrap_server},
     * {@code server_sec_tag}, {@code server_binding}, {@code server_lifetime}) and the carriers mask. The
     * library stores it with the bootstrap state; a different value at the next start means the settings
     * changed, which triggers a factory reset and a new bootstrap.
     */
    public byte[] serverSettingsFingerprint() {
        String settings = String.join("\n", serverUri, Boolean.toString(isBootstrapServer), Integer.toString(serverSecTag),
                Integer.toString(serverBinding), Integer.toString(serverLifetime), Integer.toString(carriersEnabled));
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(settings.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The session idle timeout in effect: empty when disabled (-1), 60 s when 0. */
    public Optional<Duration> effectiveSessionIdleTimeout() {
        if (sessionIdleTimeout == -1) {
            return Optional.empty();
        }
        return Optional.of(sessionIdleTimeout == 0 ? DEFAULT_SESSION_IDLE_TIMEOUT : Duration.ofSeconds(sessionIdleTimeout));
    }

    /** The CoAP CON interval in effect: empty when every notification is CON (-1), 24 h when 0. */
    public Optional<Duration> effectiveCoapConInterval() {
        if (coapConInterval == -1) {
            return Optional.empty();
        }
        return Optional.of(coapConInterval == 0 ? DEFAULT_COAP_CON_INTERVAL : Duration.ofSeconds(coapConInterval));
    }

    /**
     * The push download timeout in effect: the configured minutes, else the carrier's default (its
     * profile's {@code rules.firmwareDownloadTimeoutMinutes}: 30 min for SoftBank), else none.
     *
     * @param carrierDefault the carrier profile's default
     */
    public Optional<Duration> effectiveFirmwareDownloadTimeout(Optional<Duration> carrierDefault) {
        if (firmwareDownloadTimeout > 0) {
            return Optional.of(Duration.ofMinutes(firmwareDownloadTimeout));
        }
        return carrierDefault;
    }

    /**
     * Checks every documented rule and returns the violations, empty when the library may start. The
     * library reports the first one as {@code ERROR{CONFIGURATION, value}} and does not start.
     *
     * <ul>
     *   <li>{@code -E2BIG}: a string longer than its limit (URI 255, APN 63, device strings 32, LG U+
     *       service code 5; counted in UTF-8 bytes as the C buffers are);
     *   <li>{@code -EINVAL}: a server URI whose scheme is not {@code coap}/{@code coaps}, that does not
     *       parse, or that has no host or a bad port; or generic as the only carrier with neither a URI
     *       nor a non-IP binding;
     *   <li>{@code -EBADR}: binding bits other than UDP/NONIP, a PDN type outside 0..3, or a custom APN
     *       whose PDN type contradicts a binding that is only UDP or only non-IP;
     *   <li>{@code -ENOENT}: {@code server_sec_tag} set but holding no PSK (asked through {@code secTags});
     *   <li>{@code -EFAULT}: operator-specific rules of {@link #validateFor(Carrier)}, applied here when
     *       the mask enables exactly one carrier.
     * </ul>
     */
    public List<ConfigViolation> validate(SecTagLookup secTags) {
        Objects.requireNonNull(secTags, "secTags");
        List<ConfigViolation> violations = new ArrayList<>();
        checkLength(violations, "server_uri", serverUri, MAX_SERVER_URI_LENGTH);
        checkLength(violations, "apn", apn, MAX_APN_LENGTH);
        checkLength(violations, "manufacturer", manufacturer, MAX_DEVICE_STRING_LENGTH);
        checkLength(violations, "model_number", modelNumber, MAX_DEVICE_STRING_LENGTH);
        checkLength(violations, "device_type", deviceType, MAX_DEVICE_STRING_LENGTH);
        checkLength(violations, "hardware_version", hardwareVersion, MAX_DEVICE_STRING_LENGTH);
        checkLength(violations, "software_version", softwareVersion, MAX_DEVICE_STRING_LENGTH);
        checkLength(violations, "lg_uplus.service_code", lgUplusServiceCode, MAX_SERVICE_CODE_LENGTH);
        if (hasCustomServer() && utf8Length(serverUri) <= MAX_SERVER_URI_LENGTH) {
            checkServerUri(serverUri).ifPresent(violations::add);
        }
        checkBindingAndPdnType(violations);
        if (serverSecTag != 0 && !secTags.hasPsk(serverSecTag)) {
            violations.add(new ConfigViolation(Errno.ENOENT, "server_sec_tag",
                    "sec tag " + serverSecTag + " holds no PSK in the modem"));
        }
        Set<Carrier> enabled = enabledCarriers();
        if (enabled.size() == 1) {
            violations.addAll(validateFor(enabled.iterator().next()));
        }
        return List.copyOf(violations);
    }

    /**
     * The operator-specific rules for the carrier the library detected (or the only one enabled):
     * LG U+ needs a service code ({@code -EFAULT}); generic mode needs a server URI unless the
     * binding is non-IP only ({@code -EINVAL}).
     */
    public List<ConfigViolation> validateFor(Carrier carrier) {
        Objects.requireNonNull(carrier, "carrier");
        List<ConfigViolation> violations = new ArrayList<>();
        if (carrier == Carrier.LG_UPLUS && lgUplusServiceCode.isEmpty()) {
            violations.add(new ConfigViolation(Errno.EFAULT, "lg_uplus.service_code",
                    "LG U+ requires a service code"));
        }
        if (carrier == Carrier.GENERIC && !hasCustomServer() && serverBinding != ServerBinding.NONIP.bit()) {
            violations.add(new ConfigViolation(Errno.EINVAL, "server_uri",
                    "generic mode needs a server URI unless the binding is non-IP only"));
        }
        return List.copyOf(violations);
    }

    private static void checkLength(List<ConfigViolation> violations, String field, String value, int max) {
        int length = utf8Length(value);
        if (length > max) {
            violations.add(new ConfigViolation(Errno.E2BIG, field,
                    "is " + length + " bytes long, the limit is " + max));
        }
    }

    static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The URI rule on its own, shared with the properties loader. */
    static Optional<ConfigViolation> checkServerUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of(new ConfigViolation(Errno.EINVAL, "server_uri",
                    "is not a URI: " + e.getReason() + " at index " + e.getIndex()));
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("coap") && !scheme.equals("coaps")) {
            return Optional.of(new ConfigViolation(Errno.EINVAL, "server_uri",
                    "scheme must be coap or coaps, got '" + (parsed.getScheme() == null ? "" : parsed.getScheme()) + "'"));
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return Optional.of(new ConfigViolation(Errno.EINVAL, "server_uri", "has no host"));
        }
        if (parsed.getPort() == 0 || parsed.getPort() > 0xFFFF) {
            return Optional.of(new ConfigViolation(Errno.EINVAL, "server_uri",
                    "port must be 1..65535, got " + parsed.getPort()));
        }
        return Optional.empty();
    }

    private void checkBindingAndPdnType(List<ConfigViolation> violations) {
        boolean bindingValid = (serverBinding & ~ServerBinding.ALL_BITS) == 0;
        if (!bindingValid) {
            violations.add(new ConfigViolation(Errno.EBADR, "server_binding",
                    "undefined binding bits 0x" + Integer.toHexString(serverBinding) + " (UDP is 0x1, NONIP 0x2)"));
        }
        Optional<PdnType> type = PdnType.fromCode(pdnType);
        if (type.isEmpty()) {
            violations.add(new ConfigViolation(Errno.EBADR, "pdn_type",
                    "must be 0 (IPv4v6), 1 (IPv4), 2 (IPv6) or 3 (Non-IP), got " + pdnType));
            return;
        }
        if (!bindingValid || apn.isEmpty()) {
            return;
        }
        boolean nonIpPdn = type.get() == PdnType.NONIP;
        if (serverBinding == ServerBinding.UDP.bit() && nonIpPdn) {
            violations.add(new ConfigViolation(Errno.EBADR, "pdn_type",
                    "UDP binding needs an IP PDN type for the custom APN, got Non-IP"));
        } else if (serverBinding == ServerBinding.NONIP.bit() && !nonIpPdn) {
            violations.add(new ConfigViolation(Errno.EBADR, "pdn_type",
                    "non-IP binding needs the Non-IP PDN type for the custom APN, got " + type.get().text()));
        }
    }

    /**
     * A builder for {@link CarrierConfig}. Every field starts at the C library's default; setters
     * accept the raw C values where the C field is a number, so an invalid value can be represented
     * and reported by {@link CarrierConfig#validate}.
     */
    public static final class Builder {
        private int carriersEnabled;
        private boolean disableAutoRegister;
        private boolean disableQueueMode;
        private boolean isBootstrapServer;
        private String serverUri = "";
        private int serverSecTag;
        private int serverBinding;
        private int serverLifetime;
        private int sessionIdleTimeout;
        private int coapConInterval;
        private int firmwareDownloadTimeout;
        private String apn = "";
        private int pdnType = PdnType.IPV4V6.code();
        private String manufacturer = "";
        private String modelNumber = "";
        private String deviceType = "";
        private String hardwareVersion = "";
        private String softwareVersion = "";
        private String lgUplusServiceCode = "";
        private LgUplusSerialNumberType lgUplusSerialNumberType = LgUplusSerialNumberType.IMEI;
        private Optional<Psk> appPsk = Optional.empty();
        private Numbering numbering = Numbering.V3_7;

        private Builder() {
        }

        private Builder(CarrierConfig c) {
            carriersEnabled = c.carriersEnabled;
            disableAutoRegister = c.disableAutoRegister;
            disableQueueMode = c.disableQueueMode;
            isBootstrapServer = c.isBootstrapServer;
            serverUri = c.serverUri;
            serverSecTag = c.serverSecTag;
            serverBinding = c.serverBinding;
            serverLifetime = c.serverLifetime;
            sessionIdleTimeout = c.sessionIdleTimeout;
            coapConInterval = c.coapConInterval;
            firmwareDownloadTimeout = c.firmwareDownloadTimeout;
            apn = c.apn;
            pdnType = c.pdnType;
            manufacturer = c.manufacturer;
            modelNumber = c.modelNumber;
            deviceType = c.deviceType;
            hardwareVersion = c.hardwareVersion;
            softwareVersion = c.softwareVersion;
            lgUplusServiceCode = c.lgUplusServiceCode;
            lgUplusSerialNumberType = c.lgUplusSerialNumberType;
            appPsk = c.appPsk;
            numbering = c.numbering;
        }

        /**
         * The raw {@code carriers_enabled} mask (0 = all); Kconfig {@code CONFIG_LWM2M_CARRIER_GENERIC}, {@code _VERIZON},
         * {@code _LG_UPLUS}, {@code _T_MOBILE}, {@code _SOFTBANK}, {@code _BELL_CA}.
         */
        public Builder carriersEnabled(int mask) {
            this.carriersEnabled = mask;
            return this;
        }

        /** Enables exactly these carriers ({@code carriers_enabled}; Kconfig {@code CONFIG_LWM2M_CARRIER_<CARRIER>=y}). */
        public Builder carriers(Carrier first, Carrier... more) {
            this.carriersEnabled = Carrier.mask(EnumSet.of(first, more));
            return this;
        }

        /** {@code disable_auto_register}; Kconfig {@code CONFIG_LWM2M_CARRIER_AUTO_REGISTER=n} sets it (SoftBank and generic only). */
        public Builder disableAutoRegister(boolean value) {
            this.disableAutoRegister = value;
            return this;
        }

        /** {@code disable_queue_mode}; Kconfig {@code CONFIG_LWM2M_CARRIER_QUEUE_MODE=n} sets it. */
        public Builder disableQueueMode(boolean value) {
            this.disableQueueMode = value;
            return this;
        }

        /** {@code is_bootstrap_server}: whether the custom URI is a bootstrap server; Kconfig {@code CONFIG_LWM2M_CARRIER_IS_BOOTSTRAP_SERVER}. */
        public Builder isBootstrapServer(boolean value) {
            this.isBootstrapServer = value;
            return this;
        }

        /** {@code server_uri}, empty for none (at most 255 bytes, checked at start); Kconfig {@code CONFIG_LWM2M_CARRIER_CUSTOM_URI}. */
        public Builder serverUri(String value) {
            this.serverUri = Objects.requireNonNull(value, "serverUri");
            return this;
        }

        /** {@code server_sec_tag}: the tag holding the custom server's PSK, 0 for none; Kconfig {@code CONFIG_LWM2M_CARRIER_SERVER_SEC_TAG}. */
        public Builder serverSecTag(int value) {
            this.serverSecTag = value;
            return this;
        }

        /** The raw {@code server_binding} bits; Kconfig {@code CONFIG_LWM2M_CARRIER_SERVER_BINDING_UDP} / {@code _NONIP}. */
        public Builder serverBinding(int bits) {
            this.serverBinding = bits;
            return this;
        }

        /** {@code server_binding} as a set of {@link ServerBinding}s (empty = factory value); Kconfig as {@link #serverBinding(int)}. */
        public Builder serverBinding(Set<ServerBinding> bindings) {
            int bits = 0;
            for (ServerBinding binding : bindings) {
                bits |= binding.bit();
            }
            this.serverBinding = bits;
            return this;
        }

        /** {@code server_lifetime} in seconds, 0 for the factory value; Kconfig {@code CONFIG_LWM2M_CARRIER_SERVER_LIFETIME}. */
        public Builder serverLifetime(int seconds) {
            this.serverLifetime = seconds;
            return this;
        }

        /** {@code session_idle_timeout} in seconds (0: 60 s, -1: off); Kconfig {@code CONFIG_LWM2M_CARRIER_SESSION_IDLE_TIMEOUT}. */
        public Builder sessionIdleTimeout(int seconds) {
            this.sessionIdleTimeout = seconds;
            return this;
        }

        /** {@code coap_con_interval} in seconds (0: 24 h, -1: always CON); Kconfig {@code CONFIG_LWM2M_CARRIER_COAP_CON_INTERVAL}. */
        public Builder coapConInterval(int seconds) {
            this.coapConInterval = seconds;
            return this;
        }

        /** {@code firmware_download_timeout} in minutes, push FOTA only; Kconfig {@code CONFIG_LWM2M_CARRIER_FIRMWARE_DOWNLOAD_TIMEOUT}. */
        public Builder firmwareDownloadTimeout(int minutes) {
            this.firmwareDownloadTimeout = minutes;
            return this;
        }

        /** {@code apn}, empty for none (at most 63 bytes); Kconfig {@code CONFIG_LWM2M_CARRIER_CUSTOM_APN}. */
        public Builder apn(String value) {
            this.apn = Objects.requireNonNull(value, "apn");
            return this;
        }

        /** The raw {@code pdn_type} value; Kconfig {@code CONFIG_LWM2M_CARRIER_PDN_TYPE} (0..3). */
        public Builder pdnType(int value) {
            this.pdnType = value;
            return this;
        }

        /** {@code pdn_type}; Kconfig {@code CONFIG_LWM2M_CARRIER_PDN_TYPE_IPV4V6} / {@code _IPV4} / {@code _IPV6} / {@code _NONIP}. */
        public Builder pdnType(PdnType value) {
            this.pdnType = value.code();
            return this;
        }

        /** {@code manufacturer} ({@code /3/0/0}); Kconfig {@code CONFIG_LWM2M_CARRIER_DEVICE_MANUFACTURER}. */
        public Builder manufacturer(String value) {
            this.manufacturer = Objects.requireNonNull(value, "manufacturer");
            return this;
        }

        /** {@code model_number} ({@code /3/0/1}); Kconfig {@code CONFIG_LWM2M_CARRIER_DEVICE_MODEL_NUMBER}. */
        public Builder modelNumber(String value) {
            this.modelNumber = Objects.requireNonNull(value, "modelNumber");
            return this;
        }

        /** {@code device_type} ({@code /3/0/17}); Kconfig {@code CONFIG_LWM2M_CARRIER_DEVICE_TYPE}. */
        public Builder deviceType(String value) {
            this.deviceType = Objects.requireNonNull(value, "deviceType");
            return this;
        }

        /** {@code hardware_version} ({@code /3/0/18}); Kconfig {@code CONFIG_LWM2M_CARRIER_DEVICE_HARDWARE_VERSION}. */
        public Builder hardwareVersion(String value) {
            this.hardwareVersion = Objects.requireNonNull(value, "hardwareVersion");
            return this;
        }

        /** {@code software_version} ({@code /3/0/19}); Kconfig {@code CONFIG_LWM2M_CARRIER_DEVICE_SOFTWARE_VERSION}. */
        public Builder softwareVersion(String value) {
            this.softwareVersion = Objects.requireNonNull(value, "softwareVersion");
            return this;
        }

        /** {@code lg_uplus.service_code} (at most 5 bytes, required for LG U+); Kconfig {@code CONFIG_LWM2M_CARRIER_LG_UPLUS_SERVICE_CODE}. */
        public Builder lgUplusServiceCode(String value) {
            this.lgUplusServiceCode = Objects.requireNonNull(value, "lgUplusServiceCode");
            return this;
        }

        /** {@code lg_uplus.device_serial_no_type}; Kconfig {@code CONFIG_LWM2M_CARRIER_LG_UPLUS_IMEI} / {@code _2DID}. */
        public Builder lgUplusSerialNumberType(LgUplusSerialNumberType value) {
            this.lgUplusSerialNumberType = Objects.requireNonNull(value, "lgUplusSerialNumberType");
            return this;
        }

        /**
         * The development PSK the application provisions into {@code serverSecTag}; null clears it. Kconfig: the
         * vendor sample's {@code CONFIG_CARRIER_APP_PSK}.
         */
        public Builder appPsk(Psk value) {
            this.appPsk = Optional.ofNullable(value);
            return this;
        }

        /**
         * The vendor generation whose event and error numbers and documented error values are reported
         * (default {@link Numbering#V3_7}). No Kconfig option: the sample's {@code --numbering}.
         */
        public Builder numbering(Numbering value) {
            this.numbering = Objects.requireNonNull(value, "numbering");
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException for values no C caller could pass (negative sec tag or
         *     lifetime, timeouts below -1, a download timeout outside 0..65535)
         */
        public CarrierConfig build() {
            return new CarrierConfig(carriersEnabled, disableAutoRegister, disableQueueMode, isBootstrapServer,
                    serverUri, serverSecTag, serverBinding, serverLifetime, sessionIdleTimeout, coapConInterval,
                    firmwareDownloadTimeout, apn, pdnType, manufacturer, modelNumber, deviceType, hardwareVersion,
                    softwareVersion, lgUplusServiceCode, lgUplusSerialNumberType, appPsk, numbering);
        }
    }
}
