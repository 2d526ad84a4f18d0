package io.carrieremu.core.object;

import io.carrieremu.core.object.model.ObjectSpec;
import io.carrieremu.core.object.model.ResourceSpec;
import io.carrieremu.core.object.model.ValueCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * An object instance driven by its model ({@link ObjectSpec}): the base of every object the library
 * serves.
 *
 * <p>Values are stored here, or computed on each read by {@link #compute(int)} (what comes from the
 * modem or the application). A server's write is checked against the model first — type, single or
 * multiple, range or length — and refused with 4.00 if anything does not fit; an instance write
 * (several resources at once) is checked as a whole before any value changes, so a refused write leaves
 * the instance exactly as it was. A subclass vets a checked write in {@link #accept} (4.00 for values
 * the model allows but the library does not) and reacts to it in {@link #written}.
 *
 * <p>Changes the library or the application make go through {@link #change}: stored at once, and
 * observers notified on the {@code notifications} executor (the stack's), never on the caller's thread
 * and never under this instance's lock.
 */
public abstract class ModelInstance extends BaseInstanceEnabler {

    /** The instance's model. */
    protected final ObjectSpec spec;
    private final Executor notifications;
    private final Map<Integer, LwM2mResource> values = new TreeMap<>();
    private volatile Runnable onServerWrite = () -> { };

    /**
     * @param id the instance id
     * @param notifications where observers hear of changes made by the library or the application
     */
    protected ModelInstance(ObjectSpec spec, int id, Executor notifications) {
        super(id);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        setModel(spec.leshan());
    }

    // ------------------------------------------------------------------ what a subclass says

    /** The resources this instance serves (reads, writes, executes); others answer 4.04. */
    protected abstract Set<Integer> served();

    /** The value of a computed resource, or null to use the stored one. Called without this instance's lock. */
    protected LwM2mResource compute(int resourceId) {
        return null;
    }

    /** The value a resource has while nothing is stored, or null for none. */
    protected LwM2mResource defaultValue(int resourceId) {
        return null;
    }

    /**
     * Vets a server's write that fits the model; called under this instance's lock.
     *
     * @return null to accept, or the failure to answer (nothing is stored)
     */
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        return null;
    }

    /** A server's accepted write was stored; side effects go here (called without this instance's lock). */
    protected void written(LwM2mServer server, List<LwM2mResource> values) {
    }

    /** Called after every accepted write by a server (the registry persists the object). */
    public final void onServerWrite(Runnable listener) {
        this.onServerWrite = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Asks for the object to be persisted after a change the library or the application made (not a
     * server's write, which does so by itself); harmless for an object that is not persisted.
     */
    protected final void persist() {
        onServerWrite.run();
    }

    // ------------------------------------------------------------------ values

    /** The stored value of a resource, or null. */
    protected final synchronized LwM2mResource stored(int resourceId) {
        return values.get(resourceId);
    }

    /** The value a server reads: computed, else stored, else the default; null if the resource has none. */
    public final LwM2mResource current(int resourceId) {
        LwM2mResource computed = compute(resourceId);
        if (computed != null) {
            return computed;
        }
        LwM2mResource value = stored(resourceId);
        return value != null ? value : defaultValue(resourceId);
    }

    /** Stores a value without notifying anyone (construction, restoring persisted values). */
    protected final synchronized void store(LwM2mResource value) {
        values.put(value.getId(), value);
    }

    /** Forgets a stored value without notifying anyone. */
    protected final synchronized void forget(int resourceId) {
        values.remove(resourceId);
    }

    /** Stores {@code value} and, if it differs from what was stored, notifies observers. */
    protected final void change(LwM2mResource value) {
        boolean different;
        synchronized (this) {
            LwM2mResource before = values.put(value.getId(), value);
            different = !value.equals(before);
        }
        if (different) {
            changed(value.getId());
        }
    }

    /** Tells observers that resources changed (computed ones, say), on the notification executor. */
    protected final void changed(int... resourceIds) {
        int[] ids = resourceIds.clone();
        notifications.execute(() -> {
            for (int id : ids) {
                fireResourceChange(id);
            }
        });
    }

    /** The resources whose stored values survive a reboot, or null for all of them. */
    protected Set<Integer> persisted() {
        return null;
    }

    /** The stored values that survive a reboot, as an instance node. */
    public final synchronized LwM2mObjectInstance storedValues() {
        Set<Integer> kept = persisted();
        return new LwM2mObjectInstance(getId(), values.values().stream().filter(v -> kept == null || kept.contains(v.getId()))
                .toList());
    }

    /**
     * Puts persisted values back; values the model refuses are dropped (a record from an older model).
     *
     * @return the resource ids dropped
     */
    public final List<Integer> restore(LwM2mObjectInstance persisted) {
        List<Integer> dropped = new ArrayList<>();
        synchronized (this) {
            for (LwM2mResource value : persisted.getResources().values()) {
                Optional<ResourceSpec> resource = spec.resource(value.getId());
                if (resource.isEmpty() || ValueCheck.problem(resource.get(), value).isPresent()) {
                    dropped.add(value.getId());
                } else {
                    values.put(value.getId(), restoring(value, values.get(value.getId())));
                }
            }
        }
        restored();
        return dropped;
    }

    /**
     * The value to keep when {@code saved} is restored while {@code present} is stored (set by the
     * application before the library started, say); called under this instance's lock.
     *
     * @param present the stored value, or null
     * @return {@code saved} by default
     */
    protected LwM2mResource restoring(LwM2mResource saved, LwM2mResource present) {
        return saved;
    }

    /**
     * A {@link #restoring} rule for multiple resources: the saved instances, with those present replacing
     * theirs (a single resource: the present one if any).
     */
    protected static LwM2mResource presentInstancesWin(LwM2mResource saved, LwM2mResource present) {
        if (present == null) {
            return saved;
        }
        if (!saved.isMultiInstances() || !present.isMultiInstances()) {
            return present;
        }
        Map<Integer, LwM2mResourceInstance> merged = new TreeMap<>(saved.getInstances());
        merged.putAll(present.getInstances());
        return new LwM2mMultipleResource(saved.getId(), saved.getType(), merged.values());
    }

    /** Persisted values were put back; a subclass may re-derive state from them. */
    protected void restored() {
    }

    // ------------------------------------------------------------------ Leshan's instance operations

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        if (!served().contains(resourceId)) {
            return ReadResponse.notFound();
        }
        LwM2mResource value = current(resourceId);
        return value == null ? ReadResponse.notFound() : ReadResponse.success(value);
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        return writeAll(server, replace, Map.of(resourceId, value), false);
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean addIfAbsent, int resourceId, int resourceInstanceId,
            LwM2mResourceInstance value) {
        Optional<ResourceSpec> resource = spec.resource(resourceId);
        if (resource.isEmpty() || !served().contains(resourceId)) {
            return WriteResponse.notFound();
        }
        LwM2mResource existing = current(resourceId);
        if (!addIfAbsent && (existing == null || !existing.getInstances().containsKey(resourceInstanceId))) {
            return WriteResponse.notFound();
        }
        Map<Integer, LwM2mResourceInstance> merged = new TreeMap<>();
        if (existing != null && existing.isMultiInstances()) {
            merged.putAll(existing.getInstances());
        }
        merged.put(resourceInstanceId, value);
        return writeAll(server, true, Map.of(resourceId,
                new LwM2mMultipleResource(resourceId, value.getType(), merged.values())), false);
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
        return writeAll(server, replace, value.getResources(), true);
    }

    /**
     * Checks every value, then stores them all or none.
     *
     * @param wholeInstance true for an instance write: with {@code replace}, writable resources left out
     *     are reset
     */
    private WriteResponse writeAll(LwM2mServer server, boolean replace, Map<Integer, LwM2mResource> request,
            boolean wholeInstance) {
        Map<Integer, LwM2mResource> accepted = new LinkedHashMap<>();
        List<Integer> reset = new ArrayList<>();
        synchronized (this) {
            for (LwM2mResource value : request.values()) {
                Optional<ResourceSpec> resource = spec.resource(value.getId());
                if (resource.isEmpty() || !served().contains(value.getId())) {
                    return wholeInstance ? WriteResponse.badRequest("resource " + value.getId() + " is not served")
                            : WriteResponse.notFound();
                }
                if (!server.isSystem() && !server.isLwm2mBootstrapServer() && !resource.get().operations().isWritable()) {
                    return WriteResponse.methodNotAllowed();
                }
                Optional<String> problem = ValueCheck.problem(resource.get(), value);
                if (problem.isPresent()) {
                    return WriteResponse.badRequest(problem.get());
                }
                LwM2mResource merged = value;
                LwM2mResource existing = values.containsKey(value.getId()) ? values.get(value.getId()) : defaultValue(value.getId());
                if (!replace && value.isMultiInstances() && existing instanceof LwM2mMultipleResource before) {
                    Map<Integer, LwM2mResourceInstance> instances = new TreeMap<>(before.getInstances());
                    instances.putAll(value.getInstances());
                    merged = new LwM2mMultipleResource(value.getId(), value.getType(), instances.values());
                }
                WriteResponse vetted = accept(server, merged);
                if (vetted != null) {
                    return vetted;
                }
                accepted.put(value.getId(), merged);
            }
            if (wholeInstance && replace) {
                for (ResourceSpec resource : spec.resources().values()) {
                    if (!accepted.containsKey(resource.id()) && served().contains(resource.id())
                            && (server.isSystem() || server.isLwm2mBootstrapServer() || resource.operations().isWritable())
                            && values.containsKey(resource.id())) {
                        reset.add(resource.id());
                    }
                }
            }
            values.putAll(accepted);
            reset.forEach(values::remove);
        }
        List<LwM2mPath> paths = new ArrayList<>();
        for (Integer id : accepted.keySet()) {
            paths.add(getResourcePath(id));
        }
        for (Integer id : reset) {
            paths.add(getResourcePath(id));
        }
        if (!paths.isEmpty()) {
            fireResourcesChange(paths.toArray(LwM2mPath[]::new));
        }
        written(server, List.copyOf(accepted.values()));
        if (!server.isSystem()) {
            onServerWrite.run();
        }
        return WriteResponse.success();
    }

    @Override
    public synchronized void reset(int resourceId) {
        values.remove(resourceId);
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>();
        for (Integer id : spec.resourceIds()) {
            if (!served().contains(id)) {
                continue;
            }
            ResourceModel resource = model.resources.get(id);
            boolean writeOnly = resource != null && resource.operations.isWritable() && !resource.operations.isReadable();
            if (resource != null && (resource.operations.isExecutable() || writeOnly || current(id) != null)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The given ids as a set. */
    protected static Set<Integer> ids(Integer... ids) {
        return Set.copyOf(Arrays.asList(ids));
    }
}
