package io.carrieremu.core.object.access;

import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * An Access Control instance ({@code /2/x}): which object instance it guards (0, 1), the rights per
 * Short Server ID (2; resource instance 0 is the default for servers without an entry), and the owner
 * (3). A DM server may change an instance only if it is the owner; the bootstrap server and the library
 * may always.
 */
public final class AccessControlInstance extends ModelInstance {

    private static final Set<Integer> SERVED = ids(0, 1, 2, 3);

    /** An instance with no values, for a bootstrap server's Create or a restore. */
    public AccessControlInstance(ObjectSpec spec, int id, Executor notifications) {
        super(spec, id, notifications);
    }

    /** An instance guarding {@code objectId}/{@code instanceId} ({@code 65535}: the object, for Create). */
    public AccessControlInstance(ObjectSpec spec, int id, Executor notifications, int objectId, int instanceId, int owner,
            Map<Integer, Long> rights) {
        this(spec, id, notifications);
        store(LwM2mSingleResource.newIntegerResource(0, objectId));
        store(LwM2mSingleResource.newIntegerResource(1, instanceId));
        store(LwM2mSingleResource.newIntegerResource(3, owner));
        if (!rights.isEmpty()) {
            store(new LwM2mMultipleResource(2, ResourceModel.Type.INTEGER, rights.entrySet().stream()
                    .map(e -> LwM2mResourceInstance.newIntegerInstance(e.getKey(), e.getValue())).toList()));
        }
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        if (server.isLwm2mServer() && owner().map(o -> o.longValue() != server.getId()).orElse(false)) {
            return WriteResponse.unauthorized();
        }
        return null;
    }

    /** The guarded object id, if set. */
    public Optional<Integer> objectId() {
        return integer(0);
    }

    /** The guarded instance id, if set. */
    public Optional<Integer> instanceId() {
        return integer(1);
    }

    /** The owner's Short Server ID, if set. */
    public Optional<Integer> owner() {
        return integer(3);
    }

    /** The ACL entries: Short Server ID (0 = default) to rights bits. */
    public Map<Integer, Long> rights() {
        Map<Integer, Long> rights = new TreeMap<>();
        LwM2mResource acl = stored(2);
        if (acl != null && acl.isMultiInstances()) {
            for (LwM2mResourceInstance entry : acl.getInstances().values()) {
                rights.put(entry.getId(), (Long) entry.getValue());
            }
        }
        return rights;
    }

    private Optional<Integer> integer(int resourceId) {
        LwM2mResource value = stored(resourceId);
        return value == null || value.isMultiInstances() ? Optional.empty() : Optional.of(((Long) value.getValue()).intValue());
    }
}
