package io.carrieremu.core.account;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * An instance of the LwM2M Security object (0) as the library keeps it: what a bootstrap server wrote,
 * what a SIM bootstrap record holds, or what the factory configuration gives. The secret key never
 * appears in {@link #toString()}.
 *
 * @param instanceId the object instance id
 * @param serverUri resource 0
 * @param bootstrapServer resource 1
 * @param securityMode resource 2 (0 PSK, 3 no security)
 * @param identity resource 3, the PSK identity bytes
 * @param secretKey resource 5, the PSK
 * @param shortServerId resource 10 (0 for a bootstrap server)
 * @param clientHoldOffSeconds resource 11
 */
public record SecurityInstance(int instanceId, String serverUri, boolean bootstrapServer, int securityMode,
        byte[] identity, byte[] secretKey, int shortServerId, int clientHoldOffSeconds) {

    /** Security mode: pre-shared key. */
    public static final int MODE_PSK = 0;
    /** Security mode: no security. */
    public static final int MODE_NO_SEC = 3;

    /** Checks the components and copies mutable ones. */
    public SecurityInstance {
        Objects.requireNonNull(serverUri, "serverUri");
        identity = identity == null ? new byte[0] : identity.clone();
        secretKey = secretKey == null ? new byte[0] : secretKey.clone();
        if (instanceId < 0 || instanceId > 0xFFFE || shortServerId < 0 || shortServerId > 0xFFFF) {
            throw new IllegalArgumentException("instance and short server ids are 16-bit");
        }
    }
    /** A copy of {@code identity}. */

    @Override
    public byte[] identity() {
        return identity.clone();
    }
    /** A copy of {@code secretKey}. */

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityInstance other && instanceId == other.instanceId && serverUri.equals(other.serverUri)
                && bootstrapServer == other.bootstrapServer && securityMode == other.securityMode
                && Arrays.equals(identity, other.identity) && MessageDigest.isEqual(secretKey, other.secretKey)
                && shortServerId == other.shortServerId && clientHoldOffSeconds == other.clientHoldOffSeconds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(instanceId, serverUri, bootstrapServer, shortServerId);
    }

    @Override
    public String toString() {
        return "SecurityInstance[" + instanceId + ", " + serverUri + (bootstrapServer ? ", bootstrap" : ", ssid " + shortServerId)
                + ", mode " + securityMode + ", identity " + identity.length + " bytes, key " + secretKey.length
                + " bytes redacted, hold off " + clientHoldOffSeconds + " s]";
    }
}
