package io.carrieremu.core;

import io.carrieremu.core.api.DeviceTimeHooks;
import io.carrieremu.core.api.IdentityRead;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.base.VendorCode;
import io.carrieremu.core.carrier.CarrierProfileException;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.object.device.ModemClock;
import io.carrieremu.core.object.registry.ObjectRegistry;
import io.carrieremu.core.runtime.CarrierRuntime;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.core.config.ConfigViolation;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.CarrierEventHandler;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.object.device.BatteryStatus;
import io.carrieremu.core.object.device.DeviceErrorCode;
import io.carrieremu.core.object.device.PowerSource;
import io.carrieremu.core.object.portfolio.IdentityType;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LwM2M carrier library: the Java shape of {@code lwm2m_carrier.h} (3.7.0).
 *
 * <p>Build one from an {@link LwM2mOs} backend, a {@link CarrierConfig} and the application's
 * {@link CarrierEventHandler}, then run {@link #main()} on a thread of its own (or call
 * {@link #start()}, which asks the OS layer for that thread). The application owns the modem: it
 * reports modem initialisation, functional-mode changes and shutdown through {@link #onModemInit},
 * {@link #onModemCfun} and {@link #onModemShutdown}, and obeys the action events (LTE_LINK_UP,
 * LTE_LINK_DOWN, LTE_POWER_OFF, MODEM_INIT, MODEM_SHUTDOWN).
 *
 * <p>Every public method is safe to call from any thread, including from inside the event handler.
 * Events are delivered one at a time, in order.
 *
 * <p>Every API method returns its documented outcome as a {@link Result}; none throws for a
 * function the library does not have. The object setters work from construction on: values set before
 * the library runs (or while it is offline) are what servers read once it is registered. Before the
 * carrier is detected every object takes values; afterwards, calls on an object the carrier does not
 * serve return {@code ENOENT}.
 */
public final class LwM2mCarrier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LwM2mCarrier.class);

    private final LwM2mOs os;
    private final CarrierConfig config;
    private final CarrierEventHandler handler;
    private final CarrierProfiles profiles;
    private final TransportTiming timing;
    private final ObjectRegistry objects;
    private volatile CarrierRuntime runtime;
    private volatile boolean closed;

    private LwM2mCarrier(Builder builder) {
        this.os = builder.os;
        this.config = builder.config;
        this.handler = builder.handler;
        this.profiles = builder.profiles;
        this.timing = builder.timing;
        this.objects = new ObjectRegistry(os.scheduler().stackExecutor(), new ModemClock(os.at()), builder.objects);
    }

    /**
     * A library instance with the built-in carrier profiles and standard CoAP/DTLS timing. Nothing runs
     * until {@link #main()} or {@link #start()}.
     *
     * @param os the backend the library runs on
     * @param config the configuration; validated when the library starts
     * @param handler the application's event handler
     * @throws IllegalStateException if the built-in carrier profiles cannot be loaded (a broken build)
     */
    public static LwM2mCarrier create(LwM2mOs os, CarrierConfig config, CarrierEventHandler handler) {
        return builder(os, config, handler).build();
    }

    /** A builder, for other carrier profiles or CoAP/DTLS timing. */
    public static Builder builder(LwM2mOs os, CarrierConfig config, CarrierEventHandler handler) {
        return new Builder(os, config, handler);
    }

    /** The configuration this instance was built with. */
    public CarrierConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Runs the library on the calling thread ({@code lwm2m_carrier_main()}); blocks, in the OS layer's
     * time, while it runs. The configuration is validated first: a violated rule is reported as one
     * {@code ERROR{CONFIGURATION, value}} event (values in {@link CarrierConfig#validate}) and nothing
     * else starts.
     *
     * @return {@link MainResult#INVALID_CONFIG} after a configuration error;
     *     {@link MainResult#STOPPED} after {@link #close()}, an unrecoverable error, or a reboot the
     *     handler deferred; {@link MainResult#INTERNAL_FAULT} after an internal fault
     */
    public MainResult main() {
        CompletableFuture<MainResult> started = start();
        if (started.isDone()) {
            return started.getNow(MainResult.INTERNAL_FAULT);
        }
        return runtime.awaitStop();
    }

    /**
     * Starts the library without blocking: what {@link #main()} does, with the result delivered later.
     * No thread is made for it; the library runs on the OS layer's work queues. Calling it again returns
     * the same future.
     *
     * @return completes with main's result when the library stops (on a library thread)
     */
    public synchronized CompletableFuture<MainResult> start() {
        if (runtime != null) {
            return runtime.start();
        }
        List<ConfigViolation> violations = config.validate(this::secTagHoldsPsk);
        if (!violations.isEmpty()) {
            ConfigViolation first = violations.get(0);
            LOG.error("Invalid configuration: {}", first);
            handler.onEvent(new CarrierEvent.Error(ErrorType.CONFIGURATION, first.errno()));
            return CompletableFuture.completedFuture(MainResult.INVALID_CONFIG);
        }
        if (closed) {
            return CompletableFuture.completedFuture(MainResult.STOPPED);
        }
        try {
            return runtime().start();
        } catch (OsException e) {
            LOG.error("The OS layer refused to start the library: {}", e.getMessage());
            handler.onEvent(new CarrierEvent.Error(ErrorType.INIT, e.errno()));
            return CompletableFuture.completedFuture(MainResult.INTERNAL_FAULT);
        }
    }

    /** The runtime, created on first use so hooks called before start() are not lost. */
    private synchronized CarrierRuntime runtime() throws OsException {
        if (runtime == null) {
            runtime = new CarrierRuntime(os, config, handler, profiles, timing, objects);
        }
        return runtime;
    }

    /**
     * Stops the library: timers cancelled, sockets closed; {@link #main()} then returns
     * {@link MainResult#STOPPED}. Returns without waiting. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        closed = true;
        CarrierRuntime running = runtime;
        if (running != null) {
            running.stop();
        }
    }

    private boolean secTagHoldsPsk(int secTag) {
        try {
            return os.credentials().exists(secTag, CredentialType.PSK);
        } catch (OsException e) {
            LOG.warn("Could not list sec tag {}: {}", secTag, e.getMessage());
            return false;
        }
    }

    // ---------------------------------------------------------------- modem hooks

    /**
     * The modem (library) was initialised ({@code lwm2m_carrier_on_modem_init}); call it every time.
     * DM services start only after a successful init.
     *
     * @param result {@link ModemInitResult#SUCCESS}; {@link ModemInitResult#UPDATED} or
     *     {@link ModemInitResult#UPDATE_FAILED} after a modem firmware update was applied;
     *     {@link ModemInitResult#IO_ERROR} if initialisation failed
     */
    public void onModemInit(ModemInitResult result) {
        Objects.requireNonNull(result, "result");
        withRuntime(running -> running.modemInit(result));
    }

    private void withRuntime(java.util.function.Consumer<CarrierRuntime> action) {
        try {
            action.accept(runtime());
        } catch (OsException e) {
            LOG.error("The OS layer refused to start the library: {}", e.getMessage());
        }
    }

    /**
     * The modem's functional mode changed ({@code lwm2m_carrier_on_modem_cfun}); see
     * {@link ModemMode#fromCfun(int)} for the mapping from {@code AT+CFUN} values.
     */
    public void onModemCfun(ModemMode mode) {
        Objects.requireNonNull(mode, "mode");
        withRuntime(running -> running.modemCfun(mode));
    }

    /** The modem is being shut down ({@code lwm2m_carrier_on_modem_shutdown}); DM services stop. */
    public void onModemShutdown() {
        withRuntime(CarrierRuntime::modemShutdown);
    }

    // ---------------------------------------------------------------- requests

    /**
     * Asks the library to do something ({@code lwm2m_carrier_request}).
     *
     * @return {@link Result#OK} scheduled; {@code EINVAL} invalid request; {@code EPERM} not supported
     *     for this carrier (REGISTER and DEREGISTER: SoftBank and generic only); {@code EBADR} nothing
     *     was scheduled; {@code EALREADY} a registration is already scheduled
     */
    public Result request(Request request) {
        Objects.requireNonNull(request, "request");
        try {
            return runtime().request(request);
        } catch (OsException e) {
            return Result.error(Errno.EBADR);
        }
    }

    /**
     * {@link #request(Request)} by the vendor's numeric code ({@code LWM2M_CARRIER_REQUEST_*}, 0–4), as a
     * shell or a bridge from C passes it.
     *
     * @return as {@link #request(Request)}; {@code EINVAL} for a code that names no request
     */
    public Result request(int code) {
        return VendorCode.byCode(Request.class, code).map(this::request).orElse(Result.error(Errno.EINVAL));
    }

    // ---------------------------------------------------------------- device object

    /**
     * Sets the available power sources, {@code /3/0/6} (default DC). Call it before the other power
     * APIs: it resets voltages and currents to 0, battery status to UNKNOWN and level to 0 %.
     *
     * @return {@link Result#OK}; {@code E2BIG} more than 8 sources; {@code EINVAL} a source listed twice
     */
    public Result setAvailablePowerSources(List<PowerSource> sources) {
        Objects.requireNonNull(sources, "sources");
        return objects.device().setAvailablePowerSources(sources.stream().map(PowerSource::code).toList());
    }

    /**
     * {@link #setAvailablePowerSources(List)} with the C function's codes.
     *
     * @return as there, and {@code EINVAL} for a code that is no power source (3, or outside 0..7)
     */
    public Result setAvailablePowerSourceCodes(List<Integer> codes) {
        Objects.requireNonNull(codes, "codes");
        return objects.device().setAvailablePowerSources(codes);
    }

    /**
     * Sets a power source's voltage, {@code /3/0/7}.
     *
     * @return {@link Result#OK}; {@code ENODEV} not an available source
     */
    public Result setPowerSourceVoltage(PowerSource source, int millivolts) {
        Objects.requireNonNull(source, "source");
        return objects.device().setPowerSourceVoltage(source.code(), millivolts);
    }

    /**
     * Sets a power source's current, {@code /3/0/8}.
     *
     * @return {@link Result#OK}; {@code ENODEV} not an available source
     */
    public Result setPowerSourceCurrent(PowerSource source, int milliamperes) {
        Objects.requireNonNull(source, "source");
        return objects.device().setPowerSourceCurrent(source.code(), milliamperes);
    }

    /**
     * Sets the battery level, {@code /3/0/9}.
     *
     * @return {@link Result#OK}; {@code EINVAL} outside 0..100; {@code ENODEV} no internal battery
     */
    public Result setBatteryLevel(int percent) {
        return objects.device().setBatteryLevel(percent);
    }

    /**
     * Sets the battery status, {@code /3/0/20}.
     *
     * @return {@link Result#OK}; {@code ENODEV} no internal battery among the available sources
     */
    public Result setBatteryStatus(BatteryStatus status) {
        Objects.requireNonNull(status, "status");
        return objects.device().setBatteryStatus(status.code());
    }

    /**
     * Adds an error code, {@code /3/0/11}; adding one already present does nothing; adding NO_ERROR
     * clears all.
     *
     * @return {@link Result#OK}
     */
    public Result addErrorCode(DeviceErrorCode code) {
        Objects.requireNonNull(code, "code");
        return objects.device().addErrorCode(code.code());
    }

    /**
     * Removes an error code, {@code /3/0/11}.
     *
     * @return {@link Result#OK}; {@code EINVAL} NO_ERROR cannot be removed; {@code ENOENT} the code is
     *     not present
     */
    public Result removeErrorCode(DeviceErrorCode code) {
        Objects.requireNonNull(code, "code");
        return objects.device().removeErrorCode(code.code());
    }

    /**
     * Sets the total memory, {@code /3/0/21}.
     *
     * @return {@link Result#OK}; {@code EINVAL} negative or above 2^31-1 kB
     */
    public Result setMemoryTotal(long kilobytes) {
        return objects.device().setMemoryTotal(kilobytes);
    }

    /**
     * Supplies the free-memory reader for {@code /3/0/10} ({@code lwm2m_carrier_memory_free_read});
     * without one the library reports 0. It is called on a library work queue and must not block.
     */
    public void setMemoryFreeReader(IntSupplier kilobytesFree) {
        objects.device().setMemoryFreeReader(Objects.requireNonNull(kilobytesFree, "kilobytesFree"));
    }

    /**
     * Overrides the device type, {@code /3/0/17} (default "Module"; SoftBank always reports the IMEI).
     *
     * @return {@link Result#OK}; {@code E2BIG} longer than 32 bytes; {@code EINVAL} empty; {@code EPERM} not
     *     allowed for SoftBank
     */
    public Result setDeviceType(String deviceType) {
        Objects.requireNonNull(deviceType, "deviceType");
        return objects.device().setDeviceType(deviceType);
    }

    /**
     * Overrides the hardware version, {@code /3/0/18} (default read from the modem).
     *
     * @return {@link Result#OK}; {@code E2BIG} longer than 32 bytes; {@code EINVAL} empty
     */
    public Result setHardwareVersion(String hardwareVersion) {
        Objects.requireNonNull(hardwareVersion, "hardwareVersion");
        return objects.device().setHardwareVersion(hardwareVersion);
    }

    /**
     * Sets the application part of the software version, {@code /3/0/19}, appended to the library
     * version after a line break (SoftBank: a colon).
     *
     * @return {@link Result#OK}; {@code E2BIG} longer than 32 bytes; {@code EINVAL} empty
     */
    public Result setSoftwareVersion(String softwareVersion) {
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        return objects.device().setSoftwareVersion(softwareVersion);
    }

    /**
     * Replaces the hooks that read and write the device time ({@code /3/0/13..15}); the default hooks use
     * the modem clock ({@code AT%CCLK}).
     */
    public void setTimeHooks(DeviceTimeHooks hooks) {
        objects.device().timeHooks(Objects.requireNonNull(hooks, "hooks"));
    }

    // ---------------------------------------------------------------- portfolio object

    /**
     * Reads a Portfolio identity, {@code /16/<instance>/0/<type>} ({@code lwm2m_carrier_identity_read}).
     * Instance 0, the primary host, shows the device: ID = {@code /3/0/2}, manufacturer {@code /3/0/0},
     * model {@code /3/0/1}, software version {@code /3/0/19}. The C function's buffer sizing (dry run,
     * {@code -ENOMEM} for a short buffer) does not apply: the whole value is returned.
     *
     * @return the value with {@link Result#OK} ("" for an identity never written); {@code ENOENT} no such
     *     instance, or the carrier does not serve object 16
     */
    public IdentityRead identityRead(int instance, IdentityType type) {
        Objects.requireNonNull(type, "type");
        return objects.portfolio().identityRead(instance, type.code());
    }

    /**
     * {@link #identityRead(int, IdentityType)} with the C function's type code.
     *
     * @return as there, and {@code EINVAL} for a code that is no identity type (0..3)
     */
    public IdentityRead identityRead(int instance, int typeCode) {
        return objects.portfolio().identityRead(instance, typeCode);
    }

    /**
     * Writes a Portfolio identity ({@code lwm2m_carrier_identity_write}); it is kept across reboots.
     *
     * @return {@link Result#OK}; {@code EINVAL} a null or empty value; {@code ENOENT} no such instance, or
     *     the carrier does not serve object 16; {@code EPERM} the instance is the primary host (0);
     *     {@code E2BIG} longer than 128 UTF-8 bytes. (The C function's {@code ENOMEM} does not occur.)
     */
    public Result identityWrite(int instance, IdentityType type, String value) {
        Objects.requireNonNull(type, "type");
        return objects.portfolio().identityWrite(instance, type.code(), value);
    }

    /**
     * Creates an empty Portfolio instance ({@code lwm2m_carrier_portfolio_instance_create}), announced to
     * the servers in an Update.
     *
     * @return {@link Result#OK}; {@code ENOENT} the carrier does not serve object 16; {@code EINVAL} the
     *     id is in use or outside 0..65534; {@code ENOMEM} the object holds its maximum of
     *     {@value io.carrieremu.core.object.portfolio.PortfolioObject#MAX_INSTANCES} instances
     */
    public Result createPortfolioInstance(int instance) {
        return objects.portfolio().createInstance(instance);
    }

    // ---------------------------------------------------------------- location object

    /**
     * Sets the position, {@code /6/0/0,1,2,5,3} ({@code lwm2m_carrier_location_set}); all 0 until set.
     *
     * @param latitude degrees, -90..90
     * @param longitude degrees, -180..180
     * @param altitude metres, finite
     * @param timestamp seconds since the epoch, 0..2^32-1; not older than the previous one
     * @param uncertainty radius in metres, finite and not negative
     * @return {@link Result#OK}; {@code EINVAL} a value out of range or an older timestamp (nothing
     *     changes); {@code ENOENT} the carrier does not serve object 6
     */
    public Result setLocation(double latitude, double longitude, float altitude, long timestamp, float uncertainty) {
        return objects.location().setLocation(latitude, longitude, altitude, timestamp, uncertainty);
    }

    /**
     * Sets the velocity ({@code lwm2m_carrier_velocity_set}): {@code /6/0/4} as the 3GPP TS 23.032
     * velocity octets (see {@link io.carrieremu.core.object.location.Velocity}), {@code /6/0/6} the
     * horizontal speed. Optional values are {@code NaN}.
     *
     * @param heading degrees, 0..359
     * @param speedHorizontal metres per second, finite and not negative
     * @param speedVertical metres per second, positive upwards, or NaN
     * @param uncertaintyHorizontal metres per second, not negative, or NaN
     * @param uncertaintyVertical metres per second, not negative, or NaN (NaN without a vertical speed)
     * @return {@link Result#OK}; {@code EINVAL} out of range, an infinite value, or a vertical uncertainty
     *     without a vertical speed (nothing changes); {@code ENOENT} the carrier does not serve object 6.
     *     (The C function's {@code ENOMEM} does not occur.)
     */
    public Result setVelocity(int heading, float speedHorizontal, float speedVertical,
            float uncertaintyHorizontal, float uncertaintyVertical) {
        return objects.location().setVelocity(heading, speedHorizontal, speedVertical, uncertaintyHorizontal,
                uncertaintyVertical);
    }

    // ---------------------------------------------------------------- app data, event log, send

    /**
     * Sets an app data resource ({@code lwm2m_carrier_app_data_set}): {@code /10250/0/0} UL data (LG U+,
     * path of 3) or an entry {@code /19/<inst>/0/<entry>} of a Binary App Data Container (SoftBank and
     * generic, path of 4). {@code data} null deletes the entry (object 19 only). The objects are kept
     * across reboots.
     *
     * @return {@link Result#OK}; {@code ENOENT} the carrier does not serve the object, or it has no such
     *     instance; {@code EINVAL} a path that is neither of the two (object, length, resource id, an entry
     *     id of 65535), or null data for 10250; {@code ENOMEM} over the container's capacity (per instance of
     *     19: 8 entries of together 768 bytes; 10250: 1024 bytes)
     */
    public Result setAppData(ResourcePath path, byte[] data) {
        Objects.requireNonNull(path, "path");
        return objects.appData().set(path, data);
    }

    /**
     * Sets the Event Log data, {@code /20/0/4014} ({@code lwm2m_carrier_log_data_set}; SoftBank and generic).
     *
     * @return {@link Result#OK}; {@code ENOENT} the carrier does not serve object 20; {@code EINVAL} null
     *     data; {@code ENOMEM} more than 2048 bytes
     */
    public Result setLogData(byte[] data) {
        return objects.eventLog().setLogData(data);
    }

    /**
     * Schedules an LwM2M Send (SenML CBOR) of an opaque resource, path of 3 ids, or resource instance,
     * path of 4 ({@code lwm2m_carrier_data_send}), to every registered DM server that has not set Mute
     * Send; the value is read now. Outcomes are checked in the order listed.
     *
     * @return {@link Result#OK}; {@code EINVAL} not 3 or 4 ids, not an opaque resource, or 4 ids on a
     *     single resource; {@code ENOENT} the path is not initialised (no such object, instance, resource or
     *     value); {@code EPERM} the resource is not readable; {@code EINPROGRESS} an earlier Send has not
     *     finished (answered, failed or timed out); {@code EBADR} no DM server is registered;
     *     {@code ECANCELED} every registered DM server has Mute Send ({@code /1/x/23}) set
     */
    public Result dataSend(ResourcePath path) {
        Objects.requireNonNull(path, "path");
        try {
            return runtime().dataSend(path);
        } catch (OsException e) {
            return Result.error(Errno.EBADR);
        }
    }

    /** Builds an {@link LwM2mCarrier}. */
    public static final class Builder {
        private final LwM2mOs os;
        private final CarrierConfig config;
        private final CarrierEventHandler handler;
        private CarrierProfiles profiles;
        private TransportTiming timing = TransportTiming.STANDARD;
        private final List<LwM2mObjectEnabler> objects = new ArrayList<>();

        private Builder(LwM2mOs os, CarrierConfig config, CarrierEventHandler handler) {
            this.os = Objects.requireNonNull(os, "os");
            this.config = Objects.requireNonNull(config, "config");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Carrier profiles to use instead of the built-in ones (e.g. built-in overridden by a user file). */
        public Builder profiles(CarrierProfiles value) {
            this.profiles = Objects.requireNonNull(value, "profiles");
            return this;
        }

        /**
         * CoAP/DTLS retransmission timing (default {@link TransportTiming#STANDARD}, the vendor device's);
         * {@link TransportTiming#COMPRESSED} for real-time runs on loopback.
         */
        public Builder transportTiming(TransportTiming value) {
            this.timing = Objects.requireNonNull(value, "timing");
            return this;
        }

        /**
         * Serves an object of the application's own next to the carrier's, to every DM server: its
         * instances appear in Register, and instances it adds or removes are announced in an Update.
         * Its id must not be one the library implements (0, 1, 3). Called on the stack's thread by
         * servers' requests; it must be thread-safe.
         */
        public Builder addObject(LwM2mObjectEnabler object) {
            this.objects.add(Objects.requireNonNull(object, "object"));
            return this;
        }

        /**
         * The library instance.
         *
         * @throws IllegalStateException if no profiles were given and the built-in ones cannot be loaded
         */
        public LwM2mCarrier build() {
            if (profiles == null) {
                try {
                    profiles = CarrierProfiles.builtIn();
                } catch (CarrierProfileException e) {
                    throw new IllegalStateException("built-in carrier profiles: " + e.getMessage(), e);
                }
            }
            return new LwM2mCarrier(this);
        }
    }
}
