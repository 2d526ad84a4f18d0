package io.carrieremu.core.account;

import java.util.List;
import java.util.Optional;

/**
 * A complete set of Security and Server instances: the server accounts of the device, the result of a
 * bootstrap whatever its source (a bootstrap server, the SIM, custom or factory settings).
 *
 * @param security the Security instances (bootstrap server included, if any)
 * @param servers the Server instances
 */
public record ServerAccounts(List<SecurityInstance> security, List<ServerInstance> servers) {

    /** Checks the components and copies mutable ones. */
    public ServerAccounts {
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

    /** The DM servers that have both a Security and a Server instance, in Security instance order. */
    public List<SecurityInstance> registrableDmServers() {
        return dmServers().stream().filter(s -> server(s.shortServerId()).isPresent()).toList();
    }
}
