package io.carrieremu.core.client;

import io.carrieremu.core.account.SecurityInstance;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;

/**
 * A server to connect to: its account, where its name resolved to, and the PDN the traffic uses. The
 * key never appears in {@link #toString()}.
 *
 * @param account the server's Security instance
 * @param address the parsed server URI
 * @param resolved the address the name resolved to
 * @param pdnId the PDN the connection is bound to
 */
public record ServerTarget(SecurityInstance account, ServerAddress address, InetSocketAddress resolved, int pdnId) {

    /** Checks the components and copies mutable ones. */
    public ServerTarget {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(resolved, "resolved");
    }

    /** True for the bootstrap server. */
    public boolean bootstrap() {
        return account.bootstrapServer();
    }

    /** The short server id, 0 for the bootstrap server. */
    public int shortServerId() {
        return account.bootstrapServer() ? 0 : account.shortServerId();
    }

    /**
     * Leshan's description of the server.
     *
     * @throws IllegalArgumentException if the URI's scheme does not match the security mode (coaps
     *     without a key, or coap with one)
     */
    ServerInfo serverInfo() {
        boolean psk = account.securityMode() == SecurityInstance.MODE_PSK;
        if (psk != address.secure()) {
            throw new IllegalArgumentException(address.scheme() + " does not go with security mode " + account.securityMode());
        }
        ServerInfo info = new ServerInfo();
        info.bootstrap = account.bootstrapServer();
        info.serverId = shortServerId();
        info.serverUri = address.literalUri(resolved);
        if (psk) {
            info.secureMode = SecurityMode.PSK;
            info.pskId = new String(account.identity(), StandardCharsets.UTF_8);
            info.pskKey = account.secretKey();
        } else {
            info.secureMode = SecurityMode.NO_SEC;
        }
        return info;
    }

    @Override
    public String toString() {
        return "ServerTarget[" + (bootstrap() ? "bootstrap" : "ssid " + shortServerId()) + ", " + address + " -> "
                + resolved + ", PDN " + pdnId + "]";
    }
}
