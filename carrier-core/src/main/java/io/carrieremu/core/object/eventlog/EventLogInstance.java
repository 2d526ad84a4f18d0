package io.carrieremu.core.object.eventlog;

import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Argument;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;

/**
 * One instance of the Event Log object (20). LogData ({@code 4014}) is what the application set
 * ({@code lwm2m_carrier_log_data_set}, instance 0), empty until then; LogClass ({@code 4010}, default
 * 0 generic) and LogDataFormat ({@code 4015}, default 0 no specific format) are the servers', kept in
 * NVS. LogStart ({@code 4011}) marks the collection running and empties LogData unless argument
 * {@code 0='1'} asks to extend it; LogStop ({@code 4012}) marks it stopped and keeps LogData unless
 * argument {@code 0='1'} asks to empty it. LogStatus ({@code 4013}) shows bit 0 = stopped, bit 1 =
 * LogData holds data. The collection starts out running; the application's data is taken whether it
 * runs or not (the application collects, the library only shows it).
 */
public final class EventLogInstance extends ModelInstance {

    static final int LOG_CLASS = 4010;
    static final int LOG_START = 4011;
    static final int LOG_STOP = 4012;
    static final int LOG_STATUS = 4013;
    static final int LOG_DATA = 4014;
    static final int LOG_DATA_FORMAT = 4015;

    private static final Set<Integer> SERVED = ids(LOG_CLASS, LOG_START, LOG_STOP, LOG_STATUS, LOG_DATA, LOG_DATA_FORMAT);
    private static final Set<Integer> PERSISTED = ids(LOG_CLASS, LOG_DATA_FORMAT);
    private static final byte[] EMPTY = new byte[0];

    private boolean stopped;

    EventLogInstance(ObjectSpec spec, int id, Executor notifications) {
        super(spec, id, notifications);
    }

    /** Replaces LogData. */
    void setData(byte[] data) {
        change(LwM2mSingleResource.newBinaryResource(LOG_DATA, data.clone()));
        changed(LOG_STATUS);
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected Set<Integer> persisted() {
        return PERSISTED;
    }

    @Override
    protected LwM2mResource compute(int resourceId) {
        if (resourceId != LOG_STATUS) {
            return null;
        }
        boolean hasData;
        boolean isStopped;
        synchronized (this) {
            LwM2mResource data = stored(LOG_DATA);
            hasData = data != null && ((byte[]) data.getValue()).length > 0;
            isStopped = stopped;
        }
        return LwM2mSingleResource.newIntegerResource(LOG_STATUS, (isStopped ? 1 : 0) | (hasData ? 2 : 0));
    }

    @Override
    protected LwM2mResource defaultValue(int resourceId) {
        return switch (resourceId) {
            case LOG_CLASS, LOG_DATA_FORMAT -> LwM2mSingleResource.newIntegerResource(resourceId, 0);
            case LOG_DATA -> LwM2mSingleResource.newBinaryResource(LOG_DATA, EMPTY);
            default -> null;
        };
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != LOG_START && resourceId != LOG_STOP) {
            return ExecuteResponse.notFound();
        }
        Argument first = arguments == null ? null : arguments.get(0);
        boolean flag = first != null && "1".equals(first.getValue());
        boolean empty = resourceId == LOG_START ? !flag : flag;
        synchronized (this) {
            stopped = resourceId == LOG_STOP;
            if (empty) {
                store(LwM2mSingleResource.newBinaryResource(LOG_DATA, EMPTY));
            }
        }
        changed(LOG_STATUS, LOG_DATA);
        return ExecuteResponse.success();
    }
}
