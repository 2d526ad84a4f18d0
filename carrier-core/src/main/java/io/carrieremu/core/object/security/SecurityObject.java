package io.carrieremu.core.object.security;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.Set;
import java.util.concurrent.Executor;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;

/**
 * The LwM2M Security object (0) as the carrier library keeps it: every resource of the model, written
 * by the bootstrap server (or installed from a stored bootstrap) and checked against the model. DM
 * servers never see it (Leshan answers them 4.04). Unlike Leshan's own {@code Security}, it keeps Client
 * Hold Off Time (11) and Bootstrap-Server Account Timeout (12), which carriers' bootstrap servers write.
 */
public final class SecurityObject extends ModelInstance {

    private static final Set<Integer> SERVED = ids(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);

    /** An empty instance, for the bootstrap server to fill. */
    public SecurityObject(ObjectSpec spec, int id, Executor notifications) {
        super(spec, id, notifications);
    }

    /** An instance holding {@code security}. */
    public SecurityObject(ObjectSpec spec, Executor notifications, SecurityInstance security) {
        this(spec, security.instanceId(), notifications);
        store(LwM2mSingleResource.newStringResource(0, security.serverUri()));
        store(LwM2mSingleResource.newBooleanResource(1, security.bootstrapServer()));
        store(LwM2mSingleResource.newIntegerResource(2, security.securityMode()));
        store(LwM2mSingleResource.newBinaryResource(3, security.identity()));
        store(LwM2mSingleResource.newBinaryResource(5, security.secretKey()));
        if (!security.bootstrapServer()) {
            store(LwM2mSingleResource.newIntegerResource(10, security.shortServerId()));
        }
        store(LwM2mSingleResource.newIntegerResource(11, security.clientHoldOffSeconds()));
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected LwM2mResource defaultValue(int resourceId) {
        return switch (resourceId) {
            case 4 -> LwM2mSingleResource.newBinaryResource(4, new byte[0]);
            case 12 -> LwM2mSingleResource.newIntegerResource(12, 0);
            case 17 -> LwM2mSingleResource.newObjectLinkResource(17, new ObjectLink());
            default -> null;
        };
    }
}
