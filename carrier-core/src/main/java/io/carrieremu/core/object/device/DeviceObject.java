package io.carrieremu.core.object.device;

import io.carrieremu.core.api.DeviceTimeHooks;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.model.ObjectSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Device object (3), instance 0.
 *
 * <p>What the device is ({@code 0, 1, 2, 3, 16, 17, 18, 19}) comes from {@link DeviceFacts}; power,
 * battery, error codes and memory ({@code 6..11, 20, 21}) from the application's setters, with the C
 * library's return values and side effects; the time ({@code 13..15}) from the {@link DeviceTimeHooks}
 * (by default the modem clock), where a server's writes go too. Reboot ({@code /3/0/4}), Factory Reset
 * ({@code /3/0/5}) and Reset Error Code ({@code /3/0/12}) go to the library as {@link ObjectEvents}.
 * Verizon's {@code /3/0/30000} holds the ICCID and the roaming indicator.
 *
 * <p>Defaults (library reference §7.8): power source DC with 0 mV and 0 mA, battery level 0 %, battery
 * status NOT_INSTALLED, error code NO_ERROR, memory total 0 kB, memory free 0 without a reader.
 */
public final class DeviceObject extends ModelInstance {

    /** The library's part of {@code /3/0/19}. */
    public static final String LIBRARY_VERSION = DeviceFacts.LIBRARY_VERSION;
    /** At most this many power sources ({@code /3/0/6}). */
    public static final int MAX_POWER_SOURCES = 8;
    /** Longest device type, hardware or software version (bytes). */
    public static final int MAX_STRING = 32;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceObject.class);
    private static final Set<Integer> OMA = ids(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21);
    private static final Set<Integer> VERIZON;
    private static final Set<Integer> PERSISTED = ids(14, 15);
    private static final Pattern OFFSET = Pattern.compile("(?:UTC)?([+-])(\\d{1,2})(?::?(\\d{2}))?");

    static {
        Set<Integer> verizon = new HashSet<>(OMA);
        verizon.add(30000);
        VERIZON = Set.copyOf(verizon);
    }

    private final ObjectEvents events;
    private volatile DeviceFacts facts;
    private volatile DeviceTimeHooks time;
    private volatile IntSupplier memoryFree = () -> 0;
    private volatile BooleanSupplier roaming = () -> false;
    private volatile String deviceType;
    private volatile String hardwareVersion;
    private volatile String applicationVersion;

    /**
     * A Device instance with the defaults; {@link #facts(DeviceFacts)} fills in the device once known.
     *
     * @param time the time hooks (the library's {@link ModemClock} unless the application has its own)
     */
    public DeviceObject(ObjectSpec spec, Executor notifications, ObjectEvents events, DeviceFacts facts,
            DeviceTimeHooks time) {
        super(spec, 0, notifications);
        this.events = Objects.requireNonNull(events, "events");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.time = Objects.requireNonNull(time, "time");
        resetPower(List.of(PowerSource.DC.code()));
        store(LwM2mSingleResource.newIntegerResource(20, BatteryStatus.NOT_INSTALLED.code()));
        store(errorCodes(List.of(DeviceErrorCode.NO_ERROR.code())));
        store(LwM2mSingleResource.newIntegerResource(21, 0));
    }

    // ------------------------------------------------------------------ the library's inputs

    /** What the device is, once the modem and the carrier are known. */
    public void facts(DeviceFacts value) {
        this.facts = Objects.requireNonNull(value, "value");
        changed(0, 1, 2, 3, 16, 17, 18, 19);
    }

    /** The current facts. */
    public DeviceFacts facts() {
        return facts;
    }

    /** Where {@code /3/0/30000/1} learns whether the device is roaming (Verizon). */
    public void roaming(BooleanSupplier value) {
        this.roaming = Objects.requireNonNull(value, "value");
    }

    /** Replaces the time hooks. */
    public void timeHooks(DeviceTimeHooks hooks) {
        this.time = Objects.requireNonNull(hooks, "hooks");
        changed(13, 14, 15);
    }

    /** The time hooks in use. */
    public DeviceTimeHooks timeHooks() {
        return time;
    }

    // ------------------------------------------------------------------ the application's setters

    /**
     * {@code lwm2m_carrier_avail_power_sources_set}: replaces the list; every source's voltage and
     * current become 0, battery status UNKNOWN, battery level 0 %.
     *
     * @return OK; {@code E2BIG} more than {@value #MAX_POWER_SOURCES}; {@code EINVAL} an unsupported
     *     source (3, or outside 0..7) or one listed twice
     */
    public Result setAvailablePowerSources(List<Integer> sources) {
        if (sources.size() > MAX_POWER_SOURCES) {
            return Result.error(Errno.E2BIG);
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer source : sources) {
            if (powerSource(source).isEmpty() || !seen.add(source)) {
                return Result.error(Errno.EINVAL);
            }
        }
        synchronized (this) {
            resetPower(sources);
            store(LwM2mSingleResource.newIntegerResource(20, BatteryStatus.UNKNOWN.code()));
        }
        changed(6, 7, 8, 9, 20);
        return Result.OK;
    }

    private synchronized void resetPower(List<Integer> sources) {
        Map<Integer, Long> codes = new LinkedHashMap<>();
        Map<Integer, Long> zeros = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            codes.put(i, (long) sources.get(i));
            zeros.put(i, 0L);
        }
        store(LwM2mMultipleResource.newIntegerResource(6, codes));
        store(LwM2mMultipleResource.newIntegerResource(7, zeros));
        store(LwM2mMultipleResource.newIntegerResource(8, zeros));
        store(LwM2mSingleResource.newIntegerResource(9, 0));
    }

    /**
     * {@code lwm2m_carrier_power_source_voltage_set}.
     *
     * @return OK; {@code EINVAL} an unsupported source; {@code ENODEV} not an available source
     */
    public Result setPowerSourceVoltage(int source, int millivolts) {
        return setPerSource(7, source, millivolts);
    }

    /**
     * {@code lwm2m_carrier_power_source_current_set}.
     *
     * @return OK; {@code EINVAL} an unsupported source; {@code ENODEV} not an available source
     */
    public Result setPowerSourceCurrent(int source, int milliamperes) {
        return setPerSource(8, source, milliamperes);
    }

    private Result setPerSource(int resourceId, int source, long value) {
        if (powerSource(source).isEmpty()) {
            return Result.error(Errno.EINVAL);
        }
        synchronized (this) {
            int index = sources().indexOf(source);
            if (index < 0) {
                return Result.error(Errno.ENODEV);
            }
            Map<Integer, Long> values = integers(resourceId);
            values.put(index, value);
            store(LwM2mMultipleResource.newIntegerResource(resourceId, values));
        }
        changed(resourceId);
        return Result.OK;
    }

    /**
     * {@code lwm2m_carrier_battery_level_set}.
     *
     * @return OK; {@code EINVAL} outside 0..100; {@code ENODEV} no internal battery among the sources
     */
    public Result setBatteryLevel(int percent) {
        if (percent < 0 || percent > 100) {
            return Result.error(Errno.EINVAL);
        }
        if (!sources().contains(PowerSource.INTERNAL_BATTERY.code())) {
            return Result.error(Errno.ENODEV);
        }
        change(LwM2mSingleResource.newIntegerResource(9, percent));
        return Result.OK;
    }

    /**
     * {@code lwm2m_carrier_battery_status_set}.
     *
     * @return OK; {@code EINVAL} not a battery status (0..6); {@code ENODEV} no internal battery
     */
    public Result setBatteryStatus(int status) {
        if (status < 0 || status > BatteryStatus.UNKNOWN.code()) {
            return Result.error(Errno.EINVAL);
        }
        if (!sources().contains(PowerSource.INTERNAL_BATTERY.code())) {
            return Result.error(Errno.ENODEV);
        }
        change(LwM2mSingleResource.newIntegerResource(20, status));
        return Result.OK;
    }

    /**
     * {@code lwm2m_carrier_error_code_add}: adding one already present does nothing; adding NO_ERROR
     * clears the list to NO_ERROR.
     *
     * @return OK; {@code EINVAL} not an error code (0..8)
     */
    public Result addErrorCode(int code) {
        if (code < 0 || code > DeviceErrorCode.PERIPHERAL_MALFUNCTION.code()) {
            return Result.error(Errno.EINVAL);
        }
        synchronized (this) {
            List<Integer> codes = new ArrayList<>(errorCodes());
            if (code == DeviceErrorCode.NO_ERROR.code()) {
                codes = List.of(code);
            } else if (!codes.contains(code)) {
                codes.remove(Integer.valueOf(DeviceErrorCode.NO_ERROR.code()));
                codes.add(code);
            } else {
                return Result.OK;
            }
            store(errorCodes(codes));
        }
        changed(11);
        return Result.OK;
    }

    /**
     * {@code lwm2m_carrier_error_code_remove}; removing the last code leaves NO_ERROR.
     *
     * @return OK; {@code EINVAL} not an error code, or NO_ERROR; {@code ENOENT} the code is not present
     */
    public Result removeErrorCode(int code) {
        if (code <= DeviceErrorCode.NO_ERROR.code() || code > DeviceErrorCode.PERIPHERAL_MALFUNCTION.code()) {
            return Result.error(Errno.EINVAL);
        }
        synchronized (this) {
            List<Integer> codes = new ArrayList<>(errorCodes());
            if (!codes.remove(Integer.valueOf(code))) {
                return Result.error(Errno.ENOENT);
            }
            store(errorCodes(codes.isEmpty() ? List.of(DeviceErrorCode.NO_ERROR.code()) : codes));
        }
        changed(11);
        return Result.OK;
    }

    /**
     * {@code lwm2m_carrier_memory_total_set}.
     *
     * @return OK; {@code EINVAL} negative or above 2^31-1 kB
     */
    public Result setMemoryTotal(long kilobytes) {
        if (kilobytes < 0 || kilobytes > Integer.MAX_VALUE) {
            return Result.error(Errno.EINVAL);
        }
        change(LwM2mSingleResource.newIntegerResource(21, kilobytes));
        return Result.OK;
    }

    /** {@code lwm2m_carrier_memory_free_read}: read on every read of {@code /3/0/10}. */
    public void setMemoryFreeReader(IntSupplier kilobytesFree) {
        this.memoryFree = Objects.requireNonNull(kilobytesFree, "kilobytesFree");
        changed(10);
    }

    /**
     * Overrides {@code /3/0/17}.
     *
     * @return OK; {@code E2BIG} longer than {@value #MAX_STRING} bytes; {@code EINVAL} empty;
     *     {@code EPERM} on SoftBank, where it is always the IMEI
     */
    public Result setDeviceType(String value) {
        Result checked = checkString(value);
        if (!checked.isOk()) {
            return checked;
        }
        if (facts.carrier() == Carrier.SOFTBANK) {
            return Result.error(Errno.EPERM);
        }
        deviceType = value;
        changed(17);
        return Result.OK;
    }

    /**
     * Overrides {@code /3/0/18}.
     *
     * @return OK; {@code E2BIG} longer than {@value #MAX_STRING} bytes; {@code EINVAL} empty
     */
    public Result setHardwareVersion(String value) {
        Result checked = checkString(value);
        if (checked.isOk()) {
            hardwareVersion = value;
            changed(18);
        }
        return checked;
    }

    /**
     * Sets the application part of {@code /3/0/19}.
     *
     * @return OK; {@code E2BIG} longer than {@value #MAX_STRING} bytes; {@code EINVAL} empty
     */
    public Result setSoftwareVersion(String value) {
        Result checked = checkString(value);
        if (checked.isOk()) {
            applicationVersion = value;
            changed(19);
        }
        return checked;
    }

    private static Result checkString(String value) {
        if (value.isEmpty()) {
            return Result.error(Errno.EINVAL);
        }
        return value.getBytes(StandardCharsets.UTF_8).length > MAX_STRING ? Result.error(Errno.E2BIG) : Result.OK;
    }

    // ------------------------------------------------------------------ what servers see

    @Override
    protected Set<Integer> served() {
        return facts.carrier() == Carrier.VERIZON ? VERIZON : OMA;
    }

    @Override
    protected Set<Integer> persisted() {
        return PERSISTED;
    }

    @Override
    protected LwM2mResource compute(int resourceId) {
        DeviceFacts device = facts;
        return switch (resourceId) {
            case 0 -> LwM2mSingleResource.newStringResource(0, device.manufacturer());
            case 1 -> LwM2mSingleResource.newStringResource(1, device.model());
            case 2 -> LwM2mSingleResource.newStringResource(2, device.serialNumber());
            case 3 -> LwM2mSingleResource.newStringResource(3, device.firmwareVersion());
            case 10 -> LwM2mSingleResource.newIntegerResource(10, memoryFree());
            case 13 -> time.utcTime().map(t -> LwM2mSingleResource.newDateResource(13, new Date(t * 1000))).orElse(null);
            case 14 -> LwM2mSingleResource.newStringResource(14, formatOffset(time.utcOffsetMinutes()));
            case 15 -> time.timezone().map(tz -> LwM2mSingleResource.newStringResource(15, tz)).orElse(null);
            case 16 -> LwM2mSingleResource.newStringResource(16, device.supportedBinding());
            case 17 -> LwM2mSingleResource.newStringResource(17, device.carrier() == Carrier.SOFTBANK || deviceType == null
                    ? device.deviceType() : deviceType);
            case 18 -> LwM2mSingleResource.newStringResource(18, hardwareVersion == null ? device.hardwareVersion() : hardwareVersion);
            case 19 -> LwM2mSingleResource.newStringResource(19, applicationVersion == null ? device.softwareVersion()
                    : DeviceFacts.softwareVersion(device.carrier(), applicationVersion));
            case 30000 -> LwM2mMultipleResource.newStringResource(30000,
                    Map.of(0, device.iccid(), 1, roaming.getAsBoolean() ? "Roaming" : "Home"));
            default -> null;
        };
    }

    private long memoryFree() {
        try {
            return Math.max(0, memoryFree.getAsInt());
        } catch (RuntimeException e) {
            LOG.warn("the application's memory-free reader failed: {}", e.toString());
            return 0;
        }
    }

    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        if (server.isSystem()) {
            return null;
        }
        boolean accepted = switch (value.getId()) {
            case 13 -> time.writeUtcTime(((Date) value.getValue()).getTime() / 1000);
            case 14 -> parseOffset((String) value.getValue()).map(time::writeUtcOffset).orElse(false);
            case 15 -> time.writeTimezone((String) value.getValue());
            default -> true;
        };
        return accepted ? null : WriteResponse.badRequest("value of /3/0/" + value.getId() + " refused");
    }

    @Override
    protected void restored() {
        LwM2mResource offset = stored(14);
        if (offset != null) {
            parseOffset((String) offset.getValue()).ifPresent(time::writeUtcOffset);
        }
        LwM2mResource timezone = stored(15);
        if (timezone != null) {
            time.writeTimezone((String) timezone.getValue());
        }
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        switch (resourceId) {
            case 4 -> events.rebootRequested(server);
            case 5 -> events.factoryResetRequested(server);
            case 12 -> {
                synchronized (this) {
                    store(errorCodes(List.of(DeviceErrorCode.NO_ERROR.code())));
                }
                changed(11);
                events.errorCodeResetRequested(server);
            }
            default -> {
                return ExecuteResponse.notFound();
            }
        }
        return ExecuteResponse.success();
    }

    // ------------------------------------------------------------------ helpers

    /** The available power source codes, in order. */
    public synchronized List<Integer> sources() {
        return new ArrayList<>(integers(6).values().stream().map(Long::intValue).toList());
    }

    /** The current error codes. */
    public synchronized List<Integer> errorCodes() {
        return integers(11).values().stream().map(Long::intValue).toList();
    }

    private synchronized Map<Integer, Long> integers(int resourceId) {
        Map<Integer, Long> values = new TreeMap<>();
        LwM2mResource resource = stored(resourceId);
        if (resource != null) {
            for (LwM2mResourceInstance instance : resource.getInstances().values()) {
                values.put(instance.getId(), (Long) instance.getValue());
            }
        }
        return values;
    }

    private static LwM2mResource errorCodes(List<Integer> codes) {
        List<LwM2mResourceInstance> instances = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            instances.add(LwM2mResourceInstance.newIntegerInstance(i, codes.get(i)));
        }
        return new LwM2mMultipleResource(11, ResourceModel.Type.INTEGER, instances);
    }

    private static Optional<PowerSource> powerSource(int code) {
        for (PowerSource source : PowerSource.values()) {
            if (source.code() == code) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }

    /** {@code /3/0/14} text for an offset in minutes: {@code UTC+hh:mm}. */
    static String formatOffset(int minutes) {
        int abs = Math.abs(minutes);
        return String.format("UTC%s%02d:%02d", minutes < 0 ? "-" : "+", abs / 60, abs % 60);
    }

    /** Minutes of a {@code /3/0/14} value: {@code UTC+hh:mm}, {@code +hh:mm}, {@code +hhmm}, {@code +hh}. */
    static Optional<Integer> parseOffset(String text) {
        Matcher matcher = OFFSET.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int hours = Integer.parseInt(matcher.group(2));
        int minutes = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        if (minutes >= 60) {
            return Optional.empty();
        }
        int total = hours * 60 + minutes;
        return Optional.of("-".equals(matcher.group(1)) ? -total : total);
    }
}
