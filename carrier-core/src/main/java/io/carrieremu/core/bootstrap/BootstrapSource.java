package io.carrieremu.core.bootstrap;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the device's server accounts come from: a bootstrap server to ask, or accounts given directly
 * (a SIM record without bootstrap server, custom or factory DM server settings).
 *
 * @param name for the log: "SIM", "custom bootstrap server", "factory server coaps://…"
 * @param bootstrapServer the bootstrap server's account, if the accounts come from one
 * @param direct the DM server accounts, when no bootstrap server is asked (else empty accounts)
 */
public record BootstrapSource(String name, Optional<SecurityInstance> bootstrapServer, ServerAccounts direct) {
    /** Checks the components and copies mutable ones. */
    public BootstrapSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bootstrapServer, "bootstrapServer");
        Objects.requireNonNull(direct, "direct");
    }
}
