package io.carrieremu.core.object.portfolio;

import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.device.DeviceObject;
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
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * One instance of the Portfolio object (16): the Identity resource ({@code /16/x/0}), one resource
 * instance per {@link IdentityType}. The authentication resources (1..3) are not served.
 *
 * <p>The primary host instance (0) is the device itself, read live from the Device object: ID =
 * {@code /3/0/2} serial number, Manufacturer = {@code /3/0/0}, Model = {@code /3/0/1}, SW version =
 * {@code /3/0/19}. Nobody writes it: the application gets {@code EPERM}, a server 4.05. Other
 * instances hold what the application or servers wrote.
 */
public final class PortfolioInstance extends ModelInstance {

    private static final Set<Integer> SERVED = ids(0);

    private final Optional<DeviceObject> host;

    /** An instance of other identities. */
    PortfolioInstance(ObjectSpec spec, int id, Executor notifications) {
        super(spec, id, notifications);
        this.host = Optional.empty();
    }

    /** The primary host instance (0), showing {@code device}. */
    PortfolioInstance(ObjectSpec spec, Executor notifications, DeviceObject device) {
        super(spec, PortfolioObject.PRIMARY_HOST, notifications);
        this.host = Optional.of(device);
    }

    /** True for the primary host instance. */
    public boolean primaryHost() {
        return host.isPresent();
    }

    /** The identity of {@code type}, or empty if none is set. */
    Optional<String> identity(int type) {
        LwM2mResource identities = current(0);
        LwM2mResourceInstance value = identities == null ? null : identities.getInstance(type);
        return value == null ? Optional.empty() : Optional.of((String) value.getValue());
    }

    /** Sets one identity (the primary host instance is refused by the caller). */
    void setIdentity(int type, String value) {
        Map<Integer, String> identities = new TreeMap<>();
        synchronized (this) {
            LwM2mResource before = stored(0);
            if (before != null) {
                before.getInstances().forEach((id, instance) -> identities.put(id, (String) instance.getValue()));
            }
            identities.put(type, value);
            store(LwM2mMultipleResource.newStringResource(0, identities));
        }
        changed(0);
        persist();
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected LwM2mResource compute(int resourceId) {
        if (resourceId != 0 || host.isEmpty()) {
            return null;
        }
        DeviceObject device = host.get();
        Map<Integer, String> identities = new TreeMap<>();
        identities.put(IdentityType.ID.code(), text(device, 2));
        identities.put(IdentityType.MANUFACTURER.code(), text(device, 0));
        identities.put(IdentityType.MODEL.code(), text(device, 1));
        identities.put(IdentityType.SW_VERSION.code(), text(device, 19));
        return LwM2mMultipleResource.newStringResource(0, identities);
    }

    private static String text(DeviceObject device, int resourceId) {
        LwM2mResource value = device.current(resourceId);
        return value == null ? "" : String.valueOf(value.getValue());
    }

    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        return host.isPresent() && !server.isSystem() ? WriteResponse.methodNotAllowed() : null;
    }

    /** Identities merge: the application may have set some before a reboot's values came back; its win. */
    @Override
    protected LwM2mResource restoring(LwM2mResource saved, LwM2mResource present) {
        return presentInstancesWin(saved, present);
    }
}
