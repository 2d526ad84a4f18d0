package io.carrieremu.core.object.appdata;

import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.event.AppDataEventType;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * An instance of an app data container: a DM server's accepted write of its data resource becomes
 * APP_DATA DATA_WRITE events (what a subclass reports from the resource as written); values the
 * application set before the library started win over the restored ones.
 */
abstract class AppDataInstance extends ModelInstance {

    private final ObjectEvents events;

    AppDataInstance(ObjectSpec spec, int id, Executor notifications, ObjectEvents events) {
        super(spec, id, notifications);
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The id of the resource whose writes are app data. */
    abstract int dataResource();

    /** The events for {@code written}, the data resource as a DM server wrote it: a path and bytes each. */
    abstract void report(LwM2mResource written);

    /** Hands one event to the library. */
    final void appData(ResourcePath path, byte[] data) {
        events.appData(AppDataEventType.DATA_WRITE, path, data.clone());
    }

    /** Reports {@code written} if a DM server wrote the data resource. */
    final void reportIfData(LwM2mServer server, LwM2mResource written) {
        if (server.isLwm2mServer() && written != null && written.getId() == dataResource()) {
            report(written);
        }
    }

    @Override
    protected LwM2mResource restoring(LwM2mResource saved, LwM2mResource present) {
        return presentInstancesWin(saved, present);
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        WriteResponse response = super.write(server, replace, resourceId, value);
        if (response.isSuccess()) {
            reportIfData(server, value);
        }
        return response;
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
        WriteResponse response = super.write(server, replace, value);
        if (response.isSuccess()) {
            reportIfData(server, value.getResource(dataResource()));
        }
        return response;
    }
}
