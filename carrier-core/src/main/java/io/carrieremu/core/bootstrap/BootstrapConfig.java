package io.carrieremu.core.bootstrap;

import java.util.List;
import java.util.Optional;

/**
 * A complete set of Security and Server instances: the result of a bootstrap, whatever its source.
 *
 * @param security the Security instances (bootstrap server included, if any)
 * @param servers the Server instances
 */
public record BootstrapConfig(List<SecurityInstance> security, List<ServerInstance> servers) {

    public BootstrapConfig {
        security = List.copyOf(security);
        servers = List.copyOf(servers);
    }

    /** The bootstrap server's Security instance, if any. */
    public Optional<SecurityInstance> bootstrapServer() {
        return security.stream().filter(SecurityInstance::bootstrapServer).findFirst();
    }

    /** The DM servers' Security instances. */
    public List<SecurityInstance> dmServers() {
        return security.stream().filter(s -> !s.bootstrapServer()).toList();
    }

    /** The Server instance for a short server id. */
    public Optional<ServerInstance> server(int shortServerId) {
        return servers.stream().filter(s -> s.shortServerId() == shortServerId).findFirst();
    }
}
