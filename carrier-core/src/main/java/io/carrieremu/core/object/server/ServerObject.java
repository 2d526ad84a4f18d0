package io.carrieremu.core.object.server;

import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * The LwM2M Server object (1): every resource of the model but Disable (4), values checked against
 * the model (a lifetime of 0 or a binding of five letters answers 4.00 and changes nothing). Executes of
 * Registration Update Trigger (8) and Bootstrap-Request Trigger (9), and a DM server's writes of
 * lifetime or binding, go to the library as {@link ObjectEvents}; Mute Send (23) decides whether
 * {@code dataSend} may send to this server.
 */
public final class ServerObject extends ModelInstance {

    private static final Set<Integer> SERVED = ids(0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
            21, 22, 23);
    private static final String BINDING_LETTERS = "UMHTSNQ";

    private final ObjectEvents events;

    /** An empty instance, for the bootstrap server to fill. */
    public ServerObject(ObjectSpec spec, int id, Executor notifications, ObjectEvents events) {
        super(spec, id, notifications);
        this.events = Objects.requireNonNull(events, "events");
    }

    /** An instance holding {@code server}. */
    public ServerObject(ObjectSpec spec, Executor notifications, ServerInstance server, ObjectEvents events) {
        this(spec, server.instanceId(), notifications, events);
        store(LwM2mSingleResource.newIntegerResource(0, server.shortServerId()));
        store(LwM2mSingleResource.newIntegerResource(1, server.lifetimeSeconds()));
        store(LwM2mSingleResource.newBooleanResource(6, server.notificationStoring()));
        store(LwM2mSingleResource.newStringResource(7, server.binding()));
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected LwM2mResource defaultValue(int resourceId) {
        return switch (resourceId) {
            case 6 -> LwM2mSingleResource.newBooleanResource(6, false);
            case 7 -> LwM2mSingleResource.newStringResource(7, "U");
            case 23 -> LwM2mSingleResource.newBooleanResource(23, false);
            default -> null;
        };
    }

    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        if (value.getId() == 7) {
            String binding = (String) value.getValue();
            for (char letter : binding.toCharArray()) {
                if (BINDING_LETTERS.indexOf(letter) < 0 || binding.indexOf(letter) != binding.lastIndexOf(letter)) {
                    return WriteResponse.badRequest("binding '" + binding + "' is not a set of U, M, H, T, S, N, Q");
                }
            }
        }
        if (value.getId() == 0 && server.isLwm2mServer()) {
            return WriteResponse.methodNotAllowed();
        }
        return null;
    }

    /** A DM server's write of lifetime (1) or binding (7) asks for a registration update. */
    @Override
    protected void written(LwM2mServer server, List<LwM2mResource> values) {
        if (server.isLwm2mServer() && values.stream().anyMatch(v -> v.getId() == 1 || v.getId() == 7)) {
            events.updateRequested(server, shortServerId());
        }
    }

    /** The short server id, 0 if not set. */
    public int shortServerId() {
        LwM2mResource ssid = current(0);
        return ssid == null ? 0 : ((Number) ssid.getValue()).intValue();
    }

    /** The current lifetime in seconds. */
    public long lifetimeSeconds() {
        LwM2mResource lifetime = current(1);
        return lifetime == null ? 0 : ((Number) lifetime.getValue()).longValue();
    }

    /** The current binding letters. */
    public String binding() {
        return String.valueOf(current(7).getValue());
    }

    /** Notification storing when disabled or offline (6). */
    public boolean notificationStoring() {
        return Boolean.TRUE.equals(current(6).getValue());
    }

    /** Mute Send (23): the server does not want LwM2M Send from this client. */
    public boolean muteSend() {
        return Boolean.TRUE.equals(current(23).getValue());
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
