package io.carrieremu.core.object;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * An object instance that keeps whatever resources are written to it (by the bootstrap server, a DM
 * server or the library itself) and reads them back: the shape of configuration objects like Security
 * and Server, where the library stores values rather than computing them. Resources outside
 * {@link #supported()} are refused; a reset restores the default, if the subclass has one.
 */
public abstract class StoredResourcesInstance extends BaseInstanceEnabler {

    private final Map<Integer, LwM2mResource> values = new TreeMap<>();

    protected StoredResourcesInstance() {
    }

    protected StoredResourcesInstance(int id) {
        super(id);
    }

    /** The resource ids this object implements. */
    protected abstract Set<Integer> supported();

    /** The value a resource has before anything is written, or null for none. */
    protected LwM2mResource defaultValue(int resourceId) {
        return null;
    }

    /** Sets a resource without notifying anyone (construction, library-internal updates). */
    protected final synchronized void set(LwM2mResource resource) {
        values.put(resource.getId(), resource);
    }

    /** A resource's current value, or null. */
    protected final synchronized LwM2mResource get(int resourceId) {
        LwM2mResource value = values.get(resourceId);
        return value != null ? value : defaultValue(resourceId);
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
        LwM2mResource value = get(resourceId);
        return value == null ? ReadResponse.notFound() : ReadResponse.success(value);
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (!supported().contains(resourceId)) {
            return WriteResponse.notFound();
        }
        set(value);
        fireResourceChange(resourceId);
        return WriteResponse.success();
    }

    @Override
    public synchronized void reset(int resourceId) {
        values.remove(resourceId);
    }

    @Override
    public synchronized List<Integer> getAvailableResourceIds(ObjectModel model) {
        List<Integer> ids = new ArrayList<>();
        for (ResourceModel resource : model.resources.values()) {
            if (supported().contains(resource.id) && get(resource.id) != null) {
                ids.add(resource.id);
            }
        }
        return ids;
    }
}
