package io.carrieremu.core.object.security;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.object.StoredResourcesInstance;
import java.util.Set;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;

/**
 * The LwM2M Security object (0) as the carrier library keeps it: server URI (0), bootstrap flag (1),
 * security mode (2), identity (3), server public key (4), secret key (5), short server id (10),
 * Client Hold Off Time (11), Bootstrap-Server Account Timeout (12) and OSCORE link (17). Unlike
 * Leshan's own {@code Security}, it keeps 11 and 12, which carriers' bootstrap servers write.
 */
public class SecurityObject extends StoredResourcesInstance {

    private static final Set<Integer> SUPPORTED = Set.of(0, 1, 2, 3, 4, 5, 10, 11, 12, 17);

    /** An empty instance, for the bootstrap server to fill. */
    public SecurityObject() {
    }

    /** An instance holding {@code security}. */
    public SecurityObject(SecurityInstance security) {
        super(security.instanceId());
        set(LwM2mSingleResource.newStringResource(0, security.serverUri()));
        set(LwM2mSingleResource.newBooleanResource(1, security.bootstrapServer()));
        set(LwM2mSingleResource.newIntegerResource(2, security.securityMode()));
        set(LwM2mSingleResource.newBinaryResource(3, security.identity()));
        set(LwM2mSingleResource.newBinaryResource(5, security.secretKey()));
        if (!security.bootstrapServer()) {
            set(LwM2mSingleResource.newIntegerResource(10, security.shortServerId()));
        }
        set(LwM2mSingleResource.newIntegerResource(11, security.clientHoldOffSeconds()));
    }

    @Override
    protected Set<Integer> supported() {
        return SUPPORTED;
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
