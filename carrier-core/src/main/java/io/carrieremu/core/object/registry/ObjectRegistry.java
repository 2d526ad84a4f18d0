package io.carrieremu.core.object.registry;

import io.carrieremu.core.object.ObjectEvents;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.modem.ModemInfo;
import io.carrieremu.core.object.device.DeviceObject;
import io.carrieremu.core.object.security.SecurityObject;
import io.carrieremu.core.object.server.ServerObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's one object model: the enablers every server sees, made once per boot. All servers —
 * the bootstrap server and each DM server — are served from these same instances, so Verizon's 101
 * and 102 read the same {@code /3/0}, and an instance added or removed (by a server or by the
 * application) is announced to all of them in an Update.
 *
 * <p>Security (0) and Server (1) hold the server accounts; {@link #installAccounts} puts a bootstrap's
 * result in place and {@link #accounts()} reads it back for persistence. The application may add
 * objects of its own next to the carrier's.
 */
public final class ObjectRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectRegistry.class);
    /** Leshan's object models, parsed from its DDF files once per JVM (they are immutable), not once per device. */
    private static final List<ObjectModel> MODELS = ObjectLoader.loadDefault();

    private final ObjectEvents events;
    private final ObjectEnabler security;
    private final ObjectEnabler server;
    private final DeviceObject device;
    private final List<LwM2mObjectEnabler> enablers;

    /**
     * @param modem what the modem reports about itself, for the Device object
     * @param events where servers' executes and setting changes go
     * @param applicationObjects the application's own objects, served next to the carrier's
     */
    public ObjectRegistry(ModemInfo modem, ObjectEvents events, List<LwM2mObjectEnabler> applicationObjects) {
        this.events = Objects.requireNonNull(events, "events");
        ObjectsInitializer initializer = new ObjectsInitializer(new StaticModel(MODELS));
        initializer.setFactoryForObject(LwM2mId.SECURITY, new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                return new SecurityObject();
            }
        });
        initializer.setFactoryForObject(LwM2mId.SERVER, new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                return new ServerObject(ObjectRegistry.this.events);
            }
        });
        this.device = new DeviceObject(modem, events);
        // Device is single-instance and always there; Leshan wants a factory anyway (for Create, which it refuses).
        initializer.setFactoryForObject(LwM2mId.DEVICE, new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                return new DeviceObject(ModemInfo.UNKNOWN, ObjectRegistry.this.events);
            }
        });
        initializer.setInstancesForObject(LwM2mId.DEVICE, device);
        this.security = (ObjectEnabler) initializer.create(LwM2mId.SECURITY);
        this.server = (ObjectEnabler) initializer.create(LwM2mId.SERVER);
        List<LwM2mObjectEnabler> all = new ArrayList<>(List.of(security, server, initializer.create(LwM2mId.DEVICE)));
        for (LwM2mObjectEnabler extra : applicationObjects) {
            if (all.stream().anyMatch(e -> e.getId() == extra.getId())) {
                throw new IllegalArgumentException("object " + extra.getId() + " is the library's own");
            }
            all.add(extra);
        }
        this.enablers = List.copyOf(all);
    }

    /** Every object enabler, for the device's Leshan client. */
    public List<LwM2mObjectEnabler> enablers() {
        return enablers;
    }

    /** The Device object. */
    public DeviceObject device() {
        return device;
    }

    /** Replaces the Security and Server instances with {@code accounts} (a bootstrap's result). */
    public synchronized void installAccounts(ServerAccounts accounts) {
        clear(security);
        clear(server);
        for (SecurityInstance instance : accounts.security()) {
            add(security, instance.instanceId(), new SecurityObject(instance));
        }
        for (ServerInstance instance : accounts.servers()) {
            add(server, instance.instanceId(), new ServerObject(instance, events));
        }
    }

    private static void add(ObjectEnabler enabler, int id, BaseInstanceEnabler instance) {
        instance.setId(id);
        instance.setModel(enabler.getObjectModel());
        enabler.addInstance(id, instance);
    }

    private static void clear(ObjectEnabler enabler) {
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
        return enablers.stream().filter(e -> e.getId() == id).findFirst().map(LwM2mObjectEnabler::getObjectModel);
    }
}
