package io.carrieremu.core.account;

import java.util.Objects;

/**
 * An instance of the LwM2M Server object (1).
 *
 * @param instanceId the object instance id
 * @param shortServerId resource 0
 * @param lifetimeSeconds resource 1
 * @param notificationStoring resource 6
 * @param binding resource 7, e.g. {@code U} or {@code UQ}
 */
public record ServerInstance(int instanceId, int shortServerId, long lifetimeSeconds, boolean notificationStoring, String binding) {
    /** Checks the components and copies mutable ones. */
    public ServerInstance {
        Objects.requireNonNull(binding, "binding");
        if (instanceId < 0 || instanceId > 0xFFFE || shortServerId < 1 || shortServerId > 0xFFFF) {
            throw new IllegalArgumentException("instance id 0..65534 and short server id 1..65535");
        }
        if (lifetimeSeconds < 0) {
            throw new IllegalArgumentException("negative lifetime");
        }
    }
}
