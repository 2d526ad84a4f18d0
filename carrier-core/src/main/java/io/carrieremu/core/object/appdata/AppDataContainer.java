package io.carrieremu.core.object.appdata;

import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * The App Data Container (10250, LG U+), instance 0: UL data ({@code /10250/0/0}, read-only to servers)
 * is what the application sets, empty until then; DL data ({@code /10250/0/1}, write-only) is what a
 * server sends the application, each write an APP_DATA DATA_WRITE event for {@code /10250/0/1}. Each
 * holds at most {@value #MAX_BYTES} bytes (a server's write beyond answers 4.13). Both are persisted.
 */
public final class AppDataContainer extends AppDataInstance {

    /** The most bytes UL or DL data holds (a choice of this library). */
    public static final int MAX_BYTES = 1024;
    /** UL data. */
    static final int UPLINK = 0;
    /** DL data. */
    static final int DOWNLINK = 1;

    private static final Set<Integer> SERVED = ids(UPLINK, DOWNLINK);

    AppDataContainer(ObjectSpec spec, Executor notifications, ObjectEvents events) {
        super(spec, 0, notifications, events);
    }

    /**
     * Sets UL data.
     *
     * @return OK; {@code ENOMEM} longer than {@value #MAX_BYTES} bytes
     */
    Result setUplink(byte[] data) {
        if (data.length > MAX_BYTES) {
            return Result.error(Errno.ENOMEM);
        }
        change(LwM2mSingleResource.newBinaryResource(UPLINK, data.clone()));
        persist();
        return Result.OK;
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected LwM2mResource defaultValue(int resourceId) {
        return resourceId == UPLINK ? LwM2mSingleResource.newBinaryResource(UPLINK, new byte[0]) : null;
    }

    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        if (!value.isMultiInstances() && value.getValue() instanceof byte[] bytes && bytes.length > MAX_BYTES) {
            return new WriteResponse(ResponseCode.REQUEST_ENTITY_TOO_LARGE, bytes.length + " bytes exceed " + MAX_BYTES);
        }
        return null;
    }

    @Override
    int dataResource() {
        return DOWNLINK;
    }

    @Override
    void report(LwM2mResource written) {
        if (written.getValue() instanceof byte[] bytes) {
            appData(ResourcePath.of(AppDataObjects.APP_DATA_CONTAINER, 0, DOWNLINK), bytes);
        }
    }
}
