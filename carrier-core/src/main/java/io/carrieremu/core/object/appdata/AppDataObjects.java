package io.carrieremu.core.object.appdata;

import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.event.AppDataEventType;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.access.AccessControlledEnabler;
import io.carrieremu.core.object.access.InstanceLimits;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.IntPredicate;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;

/**
 * The two app data objects — Binary App Data Container (19: SoftBank and generic) and App Data
 * Container (10250: LG U+) — and {@code lwm2m_carrier_app_data_set} over them; the APP_DATA events
 * their server writes and observations produce.
 *
 * <p>Object 19 starts with instance 0; servers may create up to {@value #MAX_BINARY_INSTANCES} instances
 * (a Create beyond, or with Data over an instance's capacity, answers 4.00) and delete any. Object
 * 10250 has its one instance, which no server deletes (4.05). Both objects are persisted as a whole
 * after every change, the application's included, so a reboot brings back what they held; entries the
 * application set before the library started win over the restored ones.
 *
 * <p>Thread-safe: {@link #set} may be called from any thread.
 */
public final class AppDataObjects {

    /** Object id of the Binary App Data Container. */
    public static final int BINARY_APP_DATA = 19;
    /** Object id of the App Data Container. */
    public static final int APP_DATA_CONTAINER = 10250;
    /** The most instances of object 19 (a choice of this library; the whole object fits one NVS record). */
    public static final int MAX_BINARY_INSTANCES = 4;
    private static final int MAX_ID = 65534;

    private final ObjectSpec binarySpec;
    private final Executor notifications;
    private final ObjectEvents events;
    private final IntPredicate served;
    private final AppDataContainer container;
    private final BinaryAppDataInstance first;
    private volatile AccessControlledEnabler binary;

    /**
     * @param served whether the carrier's object set includes an object now
     */
    public AppDataObjects(ObjectSpec binarySpec, ObjectSpec containerSpec, Executor notifications, ObjectEvents events,
            IntPredicate served) {
        this.binarySpec = Objects.requireNonNull(binarySpec, "binarySpec");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.events = Objects.requireNonNull(events, "events");
        this.served = Objects.requireNonNull(served, "served");
        this.container = new AppDataContainer(containerSpec, notifications, events);
        this.first = new BinaryAppDataInstance(binarySpec, 0, notifications, events);
    }

    /** The instances of object 19 there from the start. */
    public Map<Integer, ModelInstance> binaryInstances() {
        return Map.of(0, first);
    }

    /** An instance of object 19 for a server's Create or a restore. */
    public ModelInstance makeBinary(int instanceId) {
        return new BinaryAppDataInstance(binarySpec, instanceId, notifications, events);
    }

    /** The instances of object 10250. */
    public Map<Integer, ModelInstance> containerInstances() {
        return Map.of(0, container);
    }

    /** The enablers serving the objects (once, by the registry). */
    public void bind(AccessControlledEnabler binaryEnabler, AccessControlledEnabler containerEnabler) {
        this.binary = Objects.requireNonNull(binaryEnabler, "binaryEnabler");
        binaryEnabler.limit(new InstanceLimits(MAX_BINARY_INSTANCES, Set.of(), AppDataObjects::createProblem));
        containerEnabler.limit(InstanceLimits.of(1, Set.of(0)));
    }

    private static Optional<String> createProblem(List<LwM2mResource> values) {
        return values.stream().map(BinaryAppDataInstance::capacityProblem).flatMap(Optional::stream).findFirst();
    }

    /**
     * {@code lwm2m_carrier_app_data_set}: {@code /19/<instance>/0/<entry>} (path of 4) or {@code /10250/0/0}
     * (path of 3); observers are notified and the object is persisted.
     *
     * @param data the bytes, or null to delete the entry of object 19 (deleting one that is not there
     *     changes nothing)
     * @return OK; {@code ENOENT} the object is not served, or has no such instance; {@code EINVAL} a path
     *     that is neither (another object, length, resource, an entry id outside 0..65534), or null data
     *     for 10250; {@code ENOMEM} over the capacity ({@value BinaryAppDataInstance#MAX_ENTRIES} entries of
     *     together {@value BinaryAppDataInstance#MAX_BYTES} bytes per instance of 19,
     *     {@value AppDataContainer#MAX_BYTES} bytes for 10250)
     */
    public Result set(ResourcePath path, byte[] data) {
        List<Integer> ids = path.ids();
        if (path.objectId() == BINARY_APP_DATA && path.length() == 4) {
            if (ids.get(2) != BinaryAppDataInstance.DATA || ids.get(3) > MAX_ID) {
                return Result.error(Errno.EINVAL);
            }
            AccessControlledEnabler instances = binary;
            if (!served.test(BINARY_APP_DATA) || instances == null
                    || !(instances.getInstance(ids.get(1)) instanceof BinaryAppDataInstance target)) {
                return Result.error(Errno.ENOENT);
            }
            return target.set(ids.get(3), data);
        }
        if (path.objectId() == APP_DATA_CONTAINER && path.length() == 3) {
            if (ids.get(2) != AppDataContainer.UPLINK || data == null) {
                return Result.error(Errno.EINVAL);
            }
            if (!served.test(APP_DATA_CONTAINER) || ids.get(1) != 0) {
                return Result.error(Errno.ENOENT);
            }
            return container.setUplink(data);
        }
        return Result.error(Errno.EINVAL);
    }

    /**
     * A server started or stopped observing {@code path}: for a path in object 19 or 10250 (any depth)
     * that the carrier serves, the application hears OBSERVE_START or OBSERVE_STOP with that path.
     */
    public void observation(LwM2mPath path, boolean started) {
        if (path.isRoot() || (path.getObjectId() != BINARY_APP_DATA && path.getObjectId() != APP_DATA_CONTAINER)
                || !served.test(path.getObjectId())) {
            return;
        }
        int[] ids = new int[path.isObject() ? 1 : path.isObjectInstance() ? 2 : path.isResource() ? 3 : 4];
        ids[0] = path.getObjectId();
        if (ids.length > 1) {
            ids[1] = path.getObjectInstanceId();
        }
        if (ids.length > 2) {
            ids[2] = path.getResourceId();
        }
        if (ids.length > 3) {
            ids[3] = path.getResourceInstanceId();
        }
        events.appData(started ? AppDataEventType.OBSERVE_START : AppDataEventType.OBSERVE_STOP, ResourcePath.of(ids),
                new byte[0]);
    }
}
