package io.carrieremu.core.object.eventlog;

import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.access.AccessControlledEnabler;
import io.carrieremu.core.object.access.InstanceLimits;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The Event Log object (20: SoftBank and generic) and {@code lwm2m_carrier_log_data_set}. Instance 0 is
 * the library's log, which no server deletes (4.05); servers may create up to {@value #MAX_INSTANCES}
 * instances in all.
 *
 * <p>Thread-safe: {@link #setLogData} may be called from any thread.
 */
public final class EventLog {

    /** The most instances (a choice of this library). */
    public static final int MAX_INSTANCES = 4;
    /** The most bytes of LogData (a choice of this library). */
    public static final int MAX_LOG_DATA = 2048;

    private final ObjectSpec spec;
    private final Executor notifications;
    private final EventLogInstance log;
    private final BooleanSupplier served;

    /**
     * @param served true while the carrier's object set includes object 20
     */
    public EventLog(ObjectSpec spec, Executor notifications, BooleanSupplier served) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.served = Objects.requireNonNull(served, "served");
        this.log = new EventLogInstance(spec, 0, notifications);
    }

    /** The instances there from the start: the library's log. */
    public Map<Integer, ModelInstance> initialInstances() {
        return Map.of(0, log);
    }

    /** An instance for a server's Create or a restore. */
    public ModelInstance make(int instanceId) {
        return instanceId == 0 ? log : new EventLogInstance(spec, instanceId, notifications);
    }

    /** The enabler serving the instances (once, by the registry). */
    public void bind(AccessControlledEnabler enabler) {
        enabler.limit(InstanceLimits.of(MAX_INSTANCES, Set.of(0)));
    }

    /**
     * {@code lwm2m_carrier_log_data_set}: replaces {@code /20/0/4014} LogData; observers are notified.
     *
     * @return OK; {@code ENOENT} object 20 is not served for this carrier; {@code EINVAL} null data;
     *     {@code ENOMEM} more than {@value #MAX_LOG_DATA} bytes
     */
    public Result setLogData(byte[] data) {
        if (!served.getAsBoolean()) {
            return Result.error(Errno.ENOENT);
        }
        if (data == null) {
            return Result.error(Errno.EINVAL);
        }
        if (data.length > MAX_LOG_DATA) {
            return Result.error(Errno.ENOMEM);
        }
        log.setData(data);
        return Result.OK;
    }
}
