package io.carrieremu.core.object.registry;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.api.DeviceTimeHooks;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.fota.FirmwareUpdateObject;
import io.carrieremu.core.modem.ModemInfo;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.access.AccessControl;
import io.carrieremu.core.object.access.AccessControlInstance;
import io.carrieremu.core.object.access.AccessControlledEnabler;
import io.carrieremu.core.object.access.InstanceLimits;
import io.carrieremu.core.object.appdata.AppDataObjects;
import io.carrieremu.core.object.device.DeviceFacts;
import io.carrieremu.core.object.device.DeviceObject;
import io.carrieremu.core.object.eventlog.EventLog;
import io.carrieremu.core.object.location.LocationObject;
import io.carrieremu.core.object.model.ObjectModels;
import io.carrieremu.core.object.model.ObjectSpec;
import io.carrieremu.core.object.portfolio.PortfolioObject;
import io.carrieremu.core.object.security.SecurityObject;
import io.carrieremu.core.object.server.ServerObject;
import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.event.AppDataEventType;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.storage.ObjectStateStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.listener.ObjectListener;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's one object model: the enablers every server sees, made once per library instance (so
 * the application's setters work before the library runs, and values survive re-connections). All
 * servers — the bootstrap server and each DM server — are served from these same instances, so
 * Verizon's 101 and 102 read the same {@code /3/0}, and an instance added or removed (by a server or by
 * the application) is announced to all of them in an Update.
 *
 * <p>The models come from the project's data file ({@link ObjectModels}); every library object sits
 * behind {@link AccessControl}. Once the carrier is known, {@link #activate} picks the carrier's object
 * set and puts back what servers wrote before a reboot (records of {@link ObjectStateStore}). Security
 * (0) and Server (1) hold the server accounts; {@link #installAccounts} puts a bootstrap's result in
 * place and {@link #accounts()} reads it back for persistence. The application may add objects of its
 * own next to the carrier's.
 */
public final class ObjectRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectRegistry.class);

    /** How a persisted object makes an instance to restore into. */
    private interface InstanceMaker {
        ModelInstance make(int instanceId);
    }

    private final ObjectModels models = ObjectModels.builtIn();
    private final Executor notifications;
    private final ForwardingEvents events = new ForwardingEvents();
    private final AccessControl access;
    private final Map<Integer, AccessControlledEnabler> library = new TreeMap<>();
    private final Map<Integer, InstanceMaker> persisted = new HashMap<>();
    private final List<LwM2mObjectEnabler> applicationObjects;
    private final AccessControlledEnabler security;
    private final AccessControlledEnabler server;
    private final DeviceObject device;
    private final LocationObject location;
    private final PortfolioObject portfolio;
    private final AppDataObjects appData;
    private final EventLog eventLog;
    private volatile boolean restored;
    private final Set<Integer> deferredSaves = ConcurrentHashMap.newKeySet();
    private final FirmwareUpdateObject firmware;
    private volatile ObjectStateStore store;
    private volatile Executor persistQueue;
    private volatile Set<Integer> active;

    /**
     * @param notifications where observers hear of changes the library or the application make (the
     *     stack's executor)
     * @param time the Device object's time hooks until the application gives its own
     * @param applicationObjects the application's own objects, served next to the carrier's
     * @throws IllegalArgumentException if an application object has the id of a library object
     */
    public ObjectRegistry(Executor notifications, DeviceTimeHooks time, List<LwM2mObjectEnabler> applicationObjects) {
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.access = new AccessControl(models.require(LwM2mId.ACCESS_CONTROL), notifications, this::dmServerCount);
        this.security = serve(LwM2mId.SECURITY, Map.of(), id -> new SecurityObject(spec(LwM2mId.SECURITY), id, notifications),
                false);
        this.server = serve(LwM2mId.SERVER, Map.of(), id -> new ServerObject(spec(LwM2mId.SERVER), id, notifications, events),
                false);
        ObjectSpec acl = spec(LwM2mId.ACCESS_CONTROL);
        serve(LwM2mId.ACCESS_CONTROL, Map.of(), id -> new AccessControlInstance(acl, id, notifications), true);
        this.device = new DeviceObject(spec(LwM2mId.DEVICE), notifications, events,
                DeviceFacts.of(ModemInfo.UNKNOWN, CarrierConfig.defaults(), Carrier.GENERIC, Optional.empty(), ""), time);
        serve(LwM2mId.DEVICE, Map.of(0, device), id -> device, true);
        this.location = new LocationObject(spec(LwM2mId.LOCATION), notifications, () -> serves(LwM2mId.LOCATION));
        serve(LwM2mId.LOCATION, Map.of(0, location), id -> location, false)
                .limit(InstanceLimits.of(1, Set.of(0)));
        this.portfolio = new PortfolioObject(spec(PORTFOLIO), notifications, device, () -> serves(PORTFOLIO));
        AccessControlledEnabler portfolios = serve(PORTFOLIO, portfolio.initialInstances(), portfolio::make, true);
        portfolio.bind(portfolios, id -> watch(PORTFOLIO, portfolio.make(id)));
        this.appData = new AppDataObjects(spec(AppDataObjects.BINARY_APP_DATA), spec(AppDataObjects.APP_DATA_CONTAINER),
                notifications, events, this::serves);
        appData.bind(serve(AppDataObjects.BINARY_APP_DATA, appData.binaryInstances(), appData::makeBinary, true),
                serve(AppDataObjects.APP_DATA_CONTAINER, appData.containerInstances(), id -> appData.containerInstances().get(0),
                        true));
        this.eventLog = new EventLog(spec(EVENT_LOG), notifications, () -> serves(EVENT_LOG));
        eventLog.bind(serve(EVENT_LOG, eventLog.initialInstances(), eventLog::make, true));
        // Firmware Update keeps its own NVS records (core.fota.FotaStateStore), not the object records.
        this.firmware = new FirmwareUpdateObject(spec(LwM2mId.FIRMWARE), notifications);
        serve(LwM2mId.FIRMWARE, Map.of(0, firmware), id -> firmware, false);
        for (LwM2mObjectEnabler extra : applicationObjects) {
            if (models.object(extra.getId()).isPresent()) {
                throw new IllegalArgumentException("object " + extra.getId() + " is the library's own");
            }
        }
        this.applicationObjects = List.copyOf(applicationObjects);
        this.active = Set.copyOf(library.keySet());
    }

    private static final int PORTFOLIO = 16;
    private static final int EVENT_LOG = 20;

    private ObjectSpec spec(int objectId) {
        return models.require(objectId);
    }

    /**
     * Serves a library object made once the carrier is known (the connectivity objects, which read the
     * modem), replacing an earlier one of the same id. Call before {@link #activate}.
     *
     * @param maker makes instances for a server's Create or a restore
     * @param persistent true if what servers write to it is kept in NVS and restored at activation
     * @return the object's enabler
     */
    public AccessControlledEnabler serveLibraryObject(int objectId, Map<Integer, ModelInstance> instances,
            java.util.function.IntFunction<ModelInstance> maker, boolean persistent) {
        return serve(objectId, instances, maker::apply, persistent);
    }

    /** Where observers hear of changes the library or the application make (the stack's executor). */
    public Executor notifications() {
        return notifications;
    }

    /**
     * Serves a library object.
     *
     * @param maker makes instances for a Create or a restore
     * @param persistent true if what servers write to it is kept in NVS and restored at activation
     */
    private AccessControlledEnabler serve(int objectId, Map<Integer, ModelInstance> instances, InstanceMaker maker,
            boolean persistent) {
        ObjectSpec spec = spec(objectId);
        if (persistent) {
            persisted.put(objectId, maker);
        }
        Map<Integer, LwM2mInstanceEnabler> initial = new HashMap<>(instances);
        BaseInstanceEnablerFactory factory = new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                throw new UnsupportedOperationException("instances are made with an id");
            }

            @Override
            public LwM2mInstanceEnabler create(ObjectModel model, Integer id, Collection<Integer> used) {
                int instanceId = id != null ? id : getNewInstanceId(used);
                ModelInstance instance = maker.make(instanceId);
                instance.setModel(model);
                return watch(objectId, instance);
            }
        };
        instances.values().forEach(instance -> watch(objectId, instance));
        AccessControlledEnabler enabler = new AccessControlledEnabler(spec, initial, factory, access);
        library.put(objectId, enabler);
        if (persistent) {
            listenForInstances(objectId, enabler);
        }
        return enabler;
    }

    private void listenForInstances(int objectId, AccessControlledEnabler enabler) {
        enabler.addListener(new ObjectListener() {
            @Override
            public void objectInstancesAdded(LwM2mObjectEnabler object, int... instanceIds) {
                schedulePersist(objectId);
            }

            @Override
            public void objectInstancesRemoved(LwM2mObjectEnabler object, int... instanceIds) {
                schedulePersist(objectId);
            }

            @Override
            public void resourceChanged(LwM2mPath... paths) {
            }
        });
    }

    private ModelInstance watch(int objectId, ModelInstance instance) {
        if (persisted.containsKey(objectId)) {
            instance.onServerWrite(() -> schedulePersist(objectId));
        }
        return instance;
    }

    // ------------------------------------------------------------------ activation and persistence

    /**
     * Where the registry keeps what servers wrote, and the queue it saves from (the library's). Until
     * then nothing is persisted.
     */
    public void bind(ObjectEvents target, ObjectStateStore objectStore, Executor queue) {
        events.target = Objects.requireNonNull(target, "target");
        this.store = Objects.requireNonNull(objectStore, "objectStore");
        this.persistQueue = Objects.requireNonNull(queue, "queue");
    }

    /**
     * The carrier is known: serve its objects ({@code objectIds}; Security, Server and Device always),
     * with the Device facts, and put back what servers wrote before. Changes made before (the
     * application's, set before the library started) are merged with what comes back and saved now.
     */
    public void activate(Set<Integer> objectIds, DeviceFacts facts) {
        device.facts(facts);
        Set<Integer> served = new java.util.HashSet<>(objectIds);
        served.addAll(Set.of(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE));
        served.retainAll(library.keySet());
        this.active = Set.copyOf(served);
        ObjectStateStore objectStore = store;
        if (objectStore != null) {
            for (Map.Entry<Integer, InstanceMaker> entry : persisted.entrySet()) {
                if (served.contains(entry.getKey())) {
                    restore(objectStore, entry.getKey(), entry.getValue());
                }
            }
        }
        restored = true;
        for (Integer objectId : List.copyOf(deferredSaves)) {
            deferredSaves.remove(objectId);
            schedulePersist(objectId);
        }
    }

    private void restore(ObjectStateStore objectStore, int objectId, InstanceMaker maker) {
        Optional<LwM2mObject> saved;
        try {
            saved = objectStore.load(objectId);
        } catch (OsException e) {
            LOG.warn("cannot read the stored state of object {}: {}", objectId, e.getMessage());
            return;
        }
        if (saved.isEmpty()) {
            return;
        }
        AccessControlledEnabler enabler = library.get(objectId);
        for (LwM2mObjectInstance values : saved.get().getInstances().values()) {
            LwM2mInstanceEnabler existing = enabler.getInstance(values.getId());
            ModelInstance instance = existing instanceof ModelInstance m ? m : watch(objectId, maker.make(values.getId()));
            List<Integer> dropped = instance.restore(values);
            if (!dropped.isEmpty()) {
                LOG.warn("stored values of /{}/{} resources {} do not fit the model; dropped", objectId, values.getId(), dropped);
            }
            if (existing == null) {
                instance.setModel(enabler.getObjectModel());
                enabler.addInstance(values.getId(), instance);
            }
        }
    }

    private void schedulePersist(int objectId) {
        if (!restored) {
            // A save now would overwrite the record that is still to be restored: it waits for activation.
            deferredSaves.add(objectId);
            return;
        }
        Executor queue = persistQueue;
        if (queue != null) {
            queue.execute(() -> persistNow(objectId));
        }
    }

    /** Saves what servers wrote to {@code objectId} (on the library's queue). */
    private void persistNow(int objectId) {
        ObjectStateStore objectStore = store;
        AccessControlledEnabler enabler = library.get(objectId);
        if (objectStore == null || enabler == null) {
            return;
        }
        List<LwM2mObjectInstance> instances = new ArrayList<>();
        for (Integer id : enabler.getAvailableInstanceIds()) {
            if (enabler.getInstance(id) instanceof ModelInstance instance) {
                LwM2mObjectInstance values = instance.storedValues();
                if (!values.getResources().isEmpty()) {
                    instances.add(values);
                }
            }
        }
        try {
            if (instances.isEmpty()) {
                objectStore.clear(objectId);
            } else {
                objectStore.save(new LwM2mObject(objectId, instances));
            }
        } catch (OsException e) {
            LOG.warn("cannot persist object {}: {}", objectId, e.getMessage());
        }
    }

    /** Saves every persisted object now (after a bootstrap's Finish). */
    public void persistAll() {
        persisted.keySet().forEach(this::persistNow);
    }

    /** Forgets what servers wrote (factory reset, new bootstrap): the records and the Access Control instances. */
    public void forgetServerState() {
        AccessControlledEnabler acl = library.get(LwM2mId.ACCESS_CONTROL);
        for (Integer id : List.copyOf(acl.getAvailableInstanceIds())) {
            acl.removeInstance(id);
        }
        ObjectStateStore objectStore = store;
        if (objectStore == null) {
            return;
        }
        for (int objectId : List.of(LwM2mId.ACCESS_CONTROL, LwM2mId.DEVICE, LwM2mId.CONNECTIVITY_STATISTICS)) {
            try {
                objectStore.clear(objectId);
            } catch (OsException e) {
                LOG.warn("cannot clear the stored state of object {}: {}", objectId, e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ what the library and the application use

    /** Every object enabler the carrier serves, for the device's Leshan client. */
    public List<LwM2mObjectEnabler> enablers() {
        List<LwM2mObjectEnabler> all = new ArrayList<>();
        for (Map.Entry<Integer, AccessControlledEnabler> entry : library.entrySet()) {
            if (active.contains(entry.getKey())) {
                all.add(entry.getValue());
            }
        }
        all.addAll(applicationObjects);
        return List.copyOf(all);
    }

    /** True if the carrier's object set includes {@code objectId} (always, before activation). */
    public boolean serves(int objectId) {
        return active.contains(objectId);
    }

    /** The library's enabler of {@code objectId}, if it implements the object. */
    public Optional<AccessControlledEnabler> enabler(int objectId) {
        return Optional.ofNullable(library.get(objectId));
    }

    /** The Device object. */
    public DeviceObject device() {
        return device;
    }

    /** The Location object. */
    public LocationObject location() {
        return location;
    }

    /** The Portfolio object. */
    public PortfolioObject portfolio() {
        return portfolio;
    }

    /** The app data objects (19 and 10250). */
    public AppDataObjects appData() {
        return appData;
    }

    /** The Event Log object. */
    public EventLog eventLog() {
        return eventLog;
    }

    /** A server started or stopped observing {@code path} (the stack's thread): the objects concerned hear of it. */
    public void observation(LwM2mPath path, boolean started) {
        appData.observation(path, started);
    }

    /** The Firmware Update object (5). */
    public FirmwareUpdateObject firmware() {
        return firmware;
    }

    /** The object models the registry serves. */
    public ObjectModels models() {
        return models;
    }

    /** The Access Control rules. */
    public AccessControl access() {
        return access;
    }

    /** How many DM servers have a Server instance (Access Control applies from two). */
    public int dmServerCount() {
        return server.getAvailableInstanceIds().size();
    }

    /** Replaces the Security and Server instances with {@code accounts} (a bootstrap's result). */
    public synchronized void installAccounts(ServerAccounts accounts) {
        clear(security);
        clear(server);
        for (SecurityInstance instance : accounts.security()) {
            add(security, instance.instanceId(), new SecurityObject(spec(LwM2mId.SECURITY), notifications, instance));
        }
        for (ServerInstance instance : accounts.servers()) {
            add(server, instance.instanceId(), new ServerObject(spec(LwM2mId.SERVER), notifications, instance, events));
        }
    }

    private static void add(AccessControlledEnabler enabler, int id, ModelInstance instance) {
        instance.setModel(enabler.getObjectModel());
        enabler.addInstance(id, instance);
    }

    private static void clear(AccessControlledEnabler enabler) {
        for (Integer id : List.copyOf(enabler.getAvailableInstanceIds())) {
            enabler.removeInstance(id);
        }
    }

    /** The Server instance of {@code shortServerId}, if any. */
    public synchronized Optional<ServerObject> serverInstance(int shortServerId) {
        for (Integer id : server.getAvailableInstanceIds()) {
            if (server.getInstance(id) instanceof ServerObject instance && instance.shortServerId() == shortServerId) {
                return Optional.of(instance);
            }
        }
        return Optional.empty();
    }

    /** The Security and Server instances now in the model (what a bootstrap server wrote, say). */
    public synchronized ServerAccounts accounts() {
        List<SecurityInstance> accounts = new ArrayList<>();
        for (LwM2mObjectInstance instance : instances(security)) {
            Map<Integer, LwM2mResource> r = instance.getResources();
            try {
                accounts.add(new SecurityInstance(instance.getId(), (String) value(r, 0, ""), (Boolean) value(r, 1, false),
                        ((Number) value(r, 2, 0L)).intValue(), (byte[]) value(r, 3, new byte[0]), (byte[]) value(r, 5, new byte[0]),
                        ((Number) value(r, 10, 0L)).intValue(), ((Number) value(r, 11, 0L)).intValue()));
            } catch (IllegalArgumentException | ClassCastException e) {
                LOG.warn("ignoring Security instance {}: {}", instance.getId(), e.getMessage());
            }
        }
        List<ServerInstance> servers = new ArrayList<>();
        for (LwM2mObjectInstance instance : instances(server)) {
            Map<Integer, LwM2mResource> r = instance.getResources();
            try {
                servers.add(new ServerInstance(instance.getId(), ((Number) value(r, 0, 0L)).intValue(),
                        ((Number) value(r, 1, 86400L)).longValue(), (Boolean) value(r, 6, false), String.valueOf(value(r, 7, "U"))));
            } catch (IllegalArgumentException | ClassCastException e) {
                LOG.warn("ignoring Server instance {}: {}", instance.getId(), e.getMessage());
            }
        }
        return new ServerAccounts(accounts, servers);
    }

    private static List<LwM2mObjectInstance> instances(LwM2mObjectEnabler enabler) {
        ReadResponse response = enabler.read(LwM2mServer.SYSTEM, new ReadRequest(enabler.getId()));
        if (!response.isSuccess() || !(response.getContent() instanceof LwM2mObject object)) {
            return List.of();
        }
        return List.copyOf(object.getInstances().values());
    }

    private static Object value(Map<Integer, LwM2mResource> resources, int id, Object fallback) {
        LwM2mResource resource = resources.get(id);
        return resource == null || resource.isMultiInstances() || resource.getValue() == null ? fallback : resource.getValue();
    }

    /** The model of object {@code id} as the registry serves it, if it serves it. */
    public Optional<ObjectModel> model(int id) {
        return enablers().stream().filter(e -> e.getId() == id).findFirst().map(LwM2mObjectEnabler::getObjectModel);
    }

    /** Passes servers' operations to the library once it is bound; before that they are dropped. */
    private static final class ForwardingEvents implements ObjectEvents {
        private volatile ObjectEvents target = new ObjectEvents() {
        };

        @Override
        public void rebootRequested(LwM2mServer from) {
            target.rebootRequested(from);
        }

        @Override
        public void factoryResetRequested(LwM2mServer from) {
            target.factoryResetRequested(from);
        }

        @Override
        public void errorCodeResetRequested(LwM2mServer from) {
            target.errorCodeResetRequested(from);
        }

        @Override
        public void bootstrapRequested(LwM2mServer from, int shortServerId) {
            target.bootstrapRequested(from, shortServerId);
        }

        @Override
        public void updateRequested(LwM2mServer from, int shortServerId) {
            target.updateRequested(from, shortServerId);
        }

        @Override
        public void appData(AppDataEventType type, ResourcePath path, byte[] data) {
            target.appData(type, path, data);
        }
    }
}
