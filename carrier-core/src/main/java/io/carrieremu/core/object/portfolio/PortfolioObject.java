package io.carrieremu.core.object.portfolio;

import io.carrieremu.core.api.IdentityRead;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.access.AccessControlledEnabler;
import io.carrieremu.core.object.access.InstanceLimits;
import io.carrieremu.core.object.device.DeviceObject;
import io.carrieremu.core.object.model.ObjectSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * The Portfolio object (16) and the C library's functions on it ({@code lwm2m_carrier_identity_read},
 * {@code _identity_write}, {@code _portfolio_instance_create}).
 *
 * <p>Instance 0 is the primary host (the device, see {@link PortfolioInstance}): always there, never
 * written, never deleted (4.05 to a server). At most {@value #MAX_INSTANCES} instances exist, whoever
 * creates them; a server's Create beyond answers 4.00. What the application and servers write is kept in
 * NVS (the registry persists the object after every change) and comes back after a reboot; identities
 * the application set before the library started win over the restored ones.
 *
 * <p>Thread-safe: the functions may be called from any thread.
 */
public final class PortfolioObject {

    /** The primary host instance. */
    public static final int PRIMARY_HOST = 0;
    /** The most instances the object holds, the primary host included (a choice of this library). */
    public static final int MAX_INSTANCES = 4;
    /** The longest identity, in UTF-8 bytes (the model's range of {@code /16/x/0}). */
    public static final int MAX_IDENTITY = 128;
    private static final int MAX_INSTANCE_ID = 65534;

    private final ObjectSpec spec;
    private final Executor notifications;
    private final PortfolioInstance primary;
    private final BooleanSupplier served;
    private volatile AccessControlledEnabler enabler;
    private volatile IntFunction<ModelInstance> maker = this::make;

    /**
     * @param device the Device object the primary host instance shows
     * @param served true while the carrier's object set includes object 16
     */
    public PortfolioObject(ObjectSpec spec, Executor notifications, DeviceObject device, BooleanSupplier served) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.primary = new PortfolioInstance(spec, notifications, Objects.requireNonNull(device, "device"));
        this.served = Objects.requireNonNull(served, "served");
    }

    /** The instances there from the start: the primary host. */
    public Map<Integer, ModelInstance> initialInstances() {
        return Map.of(PRIMARY_HOST, primary);
    }

    /** An instance for a server's Create or a restore. */
    public ModelInstance make(int instanceId) {
        return instanceId == PRIMARY_HOST ? primary : new PortfolioInstance(spec, instanceId, notifications);
    }

    /** What servers may do to the instances. */
    public static InstanceLimits limits() {
        return InstanceLimits.of(MAX_INSTANCES, Set.of(PRIMARY_HOST));
    }

    /**
     * The enabler serving the instances (once, by the registry).
     *
     * @param made makes the instances the application creates as the registry makes a server's (so
     *     they are persisted)
     */
    public void bind(AccessControlledEnabler value, IntFunction<ModelInstance> made) {
        this.maker = Objects.requireNonNull(made, "made");
        this.enabler = Objects.requireNonNull(value, "value");
        value.limit(limits());
    }

    /**
     * {@code lwm2m_carrier_identity_read}. The C function's buffer handling (a NULL buffer for a dry
     * run, {@code *len} returning the size, {@code -ENOMEM} for a small buffer) has no Java counterpart:
     * the value is returned whole, and its length is the size the C caller would need (plus the NUL).
     *
     * @param type an {@link IdentityType} code, 0..3
     * @return the identity with OK (an identity of an existing instance that was never written reads as
     *     ""); {@code EINVAL} a type code that is no identity type; {@code ENOENT} no such instance (or
     *     object 16 is not served)
     */
    public IdentityRead identityRead(int instance, int type) {
        if (type < 0 || type >= IdentityType.values().length) {
            return IdentityRead.failed(Errno.EINVAL);
        }
        Optional<PortfolioInstance> target = instance(instance);
        if (target.isEmpty()) {
            return IdentityRead.failed(Errno.ENOENT);
        }
        return IdentityRead.ok(target.get().identity(type).orElse(""));
    }

    /**
     * {@code lwm2m_carrier_identity_write}: sets {@code /16/<instance>/0/<type>}; observers are notified
     * and the object is persisted.
     *
     * @return OK; {@code EINVAL} a null or empty value, or a type code that is no identity type;
     *     {@code ENOENT} no such instance (or object 16 is not served); {@code EPERM} the instance is the
     *     primary host; {@code E2BIG} the value is longer than {@value #MAX_IDENTITY} UTF-8 bytes. The C
     *     function's {@code ENOMEM} (no memory for the copy) does not occur here.
     */
    public Result identityWrite(int instance, int type, String value) {
        if (value == null || value.isEmpty() || type < 0 || type >= IdentityType.values().length) {
            return Result.error(Errno.EINVAL);
        }
        Optional<PortfolioInstance> target = instance(instance);
        if (target.isEmpty()) {
            return Result.error(Errno.ENOENT);
        }
        if (target.get().primaryHost()) {
            return Result.error(Errno.EPERM);
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTITY) {
            return Result.error(Errno.E2BIG);
        }
        target.get().setIdentity(type, value);
        return Result.OK;
    }

    /**
     * {@code lwm2m_carrier_portfolio_instance_create}: a new, empty instance, announced to the registered
     * servers in an Update.
     *
     * @return OK; {@code ENOENT} object 16 is not served; {@code EINVAL} the id is in use or outside
     *     0..65534; {@code ENOMEM} the object holds {@value #MAX_INSTANCES} instances already
     */
    public Result createInstance(int instance) {
        AccessControlledEnabler instances = enabler;
        if (instances == null || !served.getAsBoolean()) {
            return Result.error(Errno.ENOENT);
        }
        if (instance < 0 || instance > MAX_INSTANCE_ID) {
            return Result.error(Errno.EINVAL);
        }
        synchronized (instances) {
            if (instances.getInstance(instance) != null) {
                return Result.error(Errno.EINVAL);
            }
            if (instances.getAvailableInstanceIds().size() >= MAX_INSTANCES) {
                return Result.error(Errno.ENOMEM);
            }
            ModelInstance created = maker.apply(instance);
            created.setModel(instances.getObjectModel());
            instances.addInstance(instance, created);
        }
        return Result.OK;
    }

    private Optional<PortfolioInstance> instance(int id) {
        AccessControlledEnabler instances = enabler;
        if (instances == null || !served.getAsBoolean() || id < 0 || id > MAX_INSTANCE_ID) {
            return Optional.empty();
        }
        return instances.getInstance(id) instanceof PortfolioInstance found ? Optional.of(found) : Optional.empty();
    }
}
