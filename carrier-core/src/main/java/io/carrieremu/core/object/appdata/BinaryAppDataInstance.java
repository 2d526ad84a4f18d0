package io.carrieremu.core.object.appdata;

import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * One instance of the Binary App Data Container (19). Its Data ({@code /19/x/0}) holds the entries
 * (resource instances) the application sets and servers write — at most {@value #MAX_ENTRIES} entries
 * of together at most {@value #MAX_BYTES} bytes, so that the whole object fits one NVS record; a
 * server's write beyond answers 4.13 Request Entity Too Large and changes nothing. The other resources
 * (priority, creation time, description, format, app id) are the servers'.
 *
 * <p>A Write on an entry that is not there yet ({@code /19/x/0/y}) adds it. Every entry a DM server
 * writes, by any kind of Write or a Create, becomes an APP_DATA DATA_WRITE
 * event for {@code /19/x/0/y} with the bytes written, one per entry, in the request's order.
 */
public final class BinaryAppDataInstance extends AppDataInstance {

    /** The most entries in one instance's Data (a choice of this library). */
    public static final int MAX_ENTRIES = 8;
    /** The most bytes in one instance's Data, all entries together (a choice of this library). */
    public static final int MAX_BYTES = 768;
    /** The Data resource. */
    static final int DATA = 0;

    private static final Set<Integer> SERVED = ids(0, 1, 2, 3, 4, 5);

    BinaryAppDataInstance(ObjectSpec spec, int id, Executor notifications, ObjectEvents events) {
        super(spec, id, notifications, events);
    }

    /**
     * Sets ({@code data} not null) or deletes one entry of Data for the application; deleting an entry
     * that is not there changes nothing.
     *
     * @return OK; {@code ENOMEM} the entry would exceed {@value #MAX_ENTRIES} entries or {@value #MAX_BYTES} bytes
     */
    Result set(int entry, byte[] data) {
        synchronized (this) {
            Map<Integer, byte[]> entries = entries(stored(DATA));
            if (data == null) {
                if (entries.remove(entry) == null) {
                    return Result.OK;
                }
            } else {
                entries.put(entry, data.clone());
                if (capacityProblem(entries).isPresent()) {
                    return Result.error(Errno.ENOMEM);
                }
            }
            store(new LwM2mMultipleResource(DATA, ResourceModel.Type.OPAQUE,
                    entries.entrySet().stream().map(e -> LwM2mResourceInstance.newBinaryInstance(e.getKey(), e.getValue()))
                            .toList()));
        }
        changed(DATA);
        persist();
        return Result.OK;
    }

    /** Why Data holding {@code value}'s entries does not fit this library's capacity, or empty. */
    static Optional<String> capacityProblem(LwM2mResource value) {
        return value.getId() == DATA && value.isMultiInstances() ? capacityProblem(entries(value)) : Optional.empty();
    }

    private static Optional<String> capacityProblem(Map<Integer, byte[]> entries) {
        int bytes = entries.values().stream().mapToInt(b -> b.length).sum();
        if (entries.size() > MAX_ENTRIES || bytes > MAX_BYTES) {
            return Optional.of(entries.size() + " entries of " + bytes + " bytes exceed the container's " + MAX_ENTRIES
                    + " entries of " + MAX_BYTES + " bytes");
        }
        return Optional.empty();
    }

    private static Map<Integer, byte[]> entries(LwM2mResource data) {
        Map<Integer, byte[]> entries = new TreeMap<>();
        if (data != null) {
            data.getInstances().forEach((id, instance) -> entries.put(id, (byte[]) instance.getValue()));
        }
        return entries;
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected LwM2mResource defaultValue(int resourceId) {
        return resourceId == DATA ? new LwM2mMultipleResource(DATA, ResourceModel.Type.OPAQUE) : null;
    }

    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        return capacityProblem(value).map(problem -> new WriteResponse(ResponseCode.REQUEST_ENTITY_TOO_LARGE, problem))
                .orElse(null);
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean addIfAbsent, int resourceId, int resourceInstanceId,
            LwM2mResourceInstance value) {
        // A container: a Write on an entry that is not there yet adds it.
        WriteResponse response = super.write(server, true, resourceId, resourceInstanceId, value);
        if (response.isSuccess()) {
            reportIfData(server, new LwM2mMultipleResource(resourceId, value.getType(), value));
        }
        return response;
    }

    @Override
    int dataResource() {
        return DATA;
    }

    @Override
    void report(LwM2mResource written) {
        if (written.isMultiInstances()) {
            for (LwM2mResourceInstance entry : written.getInstances().values()) {
                appData(ResourcePath.of(AppDataObjects.BINARY_APP_DATA, getId(), DATA, entry.getId()), (byte[]) entry.getValue());
            }
        }
    }
}
