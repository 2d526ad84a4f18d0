package io.carrieremu.core.object.access;

import io.carrieremu.core.object.model.ObjectSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;

/**
 * The Access Control rules between DM servers (OMA LwM2M core 1.1, §7.3.3), over the instances of
 * object 2.
 *
 * <p>With one DM server, or for the bootstrap server and the library itself, everything is allowed.
 * With several: the Access Control instance guarding the target decides — the server's own ACL entry,
 * else the default entry (resource instance 0), else full rights if the server is the owner, else no
 * rights (4.01 Unauthorized). Create is guarded by the instance for the object ({@code 65535}).
 * Library rule where the specification leaves it to the bootstrap server: an instance no Access
 * Control instance guards is open to every DM server, so a carrier whose bootstrap writes no ACLs still
 * works; an instance a DM server creates while several are configured gets an Access Control
 * instance owned by that server, so the others have no rights on it until the owner grants them.
 */
public final class AccessControl {

    /** The instance id an Access Control instance uses to guard Create on a whole object. */
    public static final int OBJECT_LEVEL = 65535;

    private final ObjectSpec spec;
    private final Executor notifications;
    private final IntSupplier dmServers;
    private volatile AccessControlledEnabler acl;

    /**
     * @param spec the model of object 2
     * @param dmServers how many DM servers are configured now (Server instances)
     */
    public AccessControl(ObjectSpec spec, Executor notifications, IntSupplier dmServers) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.dmServers = Objects.requireNonNull(dmServers, "dmServers");
    }

    /** Binds the enabler of object 2 (made after this). */
    void bind(AccessControlledEnabler enabler) {
        this.acl = enabler;
    }

    /** True if rules apply to {@code server} (a DM server while several are configured). */
    boolean restricts(LwM2mServer server) {
        return server.isLwm2mServer() && dmServers.getAsInt() > 1;
    }

    /**
     * Whether {@code server} may do {@code permission} on {@code /objectId/instanceId}.
     *
     * @param instanceId the instance, or {@link #OBJECT_LEVEL} for Create on the object
     */
    public boolean allows(LwM2mServer server, int objectId, int instanceId, Permission permission) {
        if (!restricts(server)) {
            return true;
        }
        long ssid = server.getId();
        if (objectId == LwM2mId.ACCESS_CONTROL) {
            // Object 2 itself: readable by every DM server; an instance changes only by its owner's write.
            if (permission == Permission.READ) {
                return true;
            }
            AccessControlledEnabler enabler = acl;
            return permission == Permission.WRITE && enabler != null
                    && enabler.getInstance(instanceId) instanceof AccessControlInstance guard
                    && guard.owner().map(owner -> owner == ssid).orElse(false);
        }
        Optional<AccessControlInstance> guard = guard(objectId, instanceId);
        if (guard.isEmpty()) {
            return true;
        }
        Map<Integer, Long> rights = guard.get().rights();
        Long granted = rights.get((int) ssid);
        if (granted == null) {
            granted = rights.get(0);
        }
        if (granted != null) {
            return permission.in(granted);
        }
        return guard.get().owner().map(owner -> owner == ssid).orElse(false);
    }

    /** A DM server created {@code /objectId/instanceId}: with several DM servers, it owns it. */
    void created(LwM2mServer server, int objectId, int instanceId) {
        AccessControlledEnabler enabler = acl;
        if (enabler == null || !restricts(server) || objectId == LwM2mId.ACCESS_CONTROL
                || guard(objectId, instanceId).isPresent()) {
            return;
        }
        int id = enabler.nextFreeInstanceId();
        enabler.addInstance(id, new AccessControlInstance(spec, id, notifications, objectId, instanceId,
                (int) server.getId().longValue(), Map.of()));
    }

    /** {@code /objectId/instanceId} was deleted: its guard goes too. */
    void deleted(int objectId, int instanceId) {
        AccessControlledEnabler enabler = acl;
        if (enabler == null || objectId == LwM2mId.ACCESS_CONTROL) {
            return;
        }
        for (Integer id : enabler.getAvailableInstanceIds()) {
            if (enabler.getInstance(id) instanceof AccessControlInstance guard
                    && guard.objectId().orElse(-1) == objectId && guard.instanceId().orElse(-1) == instanceId) {
                enabler.removeInstance(id);
            }
        }
    }

    private Optional<AccessControlInstance> guard(int objectId, int instanceId) {
        AccessControlledEnabler enabler = acl;
        if (enabler == null) {
            return Optional.empty();
        }
        List<Integer> ids = enabler.getAvailableInstanceIds();
        for (Integer id : ids) {
            LwM2mInstanceEnabler instance = enabler.getInstance(id);
            if (instance instanceof AccessControlInstance guard && guard.objectId().orElse(-1) == objectId
                    && guard.instanceId().orElse(-1) == instanceId) {
                return Optional.of(guard);
            }
        }
        return Optional.empty();
    }
}
