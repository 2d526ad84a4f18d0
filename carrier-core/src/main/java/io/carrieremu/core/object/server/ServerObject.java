package io.carrieremu.core.object.server;

import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.StoredResourcesInstance;
import java.util.Set;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * The LwM2M Server object (1): short server id (0), lifetime (1), default min/max period (2, 3),
 * disable timeout (5), notification storing (6), binding (7), registration update trigger (8),
 * bootstrap-request trigger (9), plus the 1.1 resources carriers' bootstrap servers write (10 APN link,
 * 13–17 registration priority and retry resources, 19 preferred transport, 23 mute send). Executes of
 * 8 and 9, and a DM server's writes of lifetime or binding, are passed to the library as
 * {@link ObjectEvents}.
 */
public class ServerObject extends StoredResourcesInstance {

    private static final Set<Integer> SUPPORTED = Set.of(0, 1, 2, 3, 5, 6, 7, 10, 12, 13, 14, 15, 16, 17, 19, 22, 23);

    private final ObjectEvents events;

    /** An empty instance, for the bootstrap server to fill. */
    public ServerObject(ObjectEvents events) {
        this.events = events;
    }

    /** An instance holding {@code server}. */
    public ServerObject(ServerInstance server, ObjectEvents events) {
        super(server.instanceId());
        this.events = events;
        set(LwM2mSingleResource.newIntegerResource(0, server.shortServerId()));
        set(LwM2mSingleResource.newIntegerResource(1, server.lifetimeSeconds()));
        set(LwM2mSingleResource.newBooleanResource(6, server.notificationStoring()));
        set(LwM2mSingleResource.newStringResource(7, server.binding()));
    }

    @Override
    protected Set<Integer> supported() {
        return SUPPORTED;
    }

    @Override
    protected LwM2mResource defaultValue(int resourceId) {
        return switch (resourceId) {
            case 6 -> LwM2mSingleResource.newBooleanResource(6, false);
            case 7 -> LwM2mSingleResource.newStringResource(7, "U");
            default -> null;
        };
    }

    /** A DM server's write of lifetime (1) or binding (7) asks for a registration update. */
    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        WriteResponse response = super.write(server, replace, resourceId, value);
        if (response.isSuccess() && server.isLwm2mServer() && (resourceId == 1 || resourceId == 7)) {
            events.updateRequested(server, shortServerId());
        }
        return response;
    }

    /** The short server id, 0 if not set. */
    public int shortServerId() {
        LwM2mResource ssid = get(0);
        return ssid == null ? 0 : ((Number) ssid.getValue()).intValue();
    }

    /** The current lifetime in seconds. */
    public long lifetimeSeconds() {
        LwM2mResource lifetime = get(1);
        return lifetime == null ? 0 : ((Number) lifetime.getValue()).longValue();
    }

    /** The current binding letters. */
    public String binding() {
        LwM2mResource binding = get(7);
        return binding == null ? "U" : String.valueOf(binding.getValue());
    }

    /** Notification storing when disabled or offline (6). */
    public boolean notificationStoring() {
        LwM2mResource storing = get(6);
        return storing != null && Boolean.TRUE.equals(storing.getValue());
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        switch (resourceId) {
            case 8 -> {
                events.updateRequested(server, shortServerId());
                return ExecuteResponse.success();
            }
            case 9 -> {
                events.bootstrapRequested(server, shortServerId());
                return ExecuteResponse.success();
            }
            default -> {
                return ExecuteResponse.notFound();
            }
        }
    }
}
