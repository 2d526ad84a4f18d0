package io.carrieremu.core.bootstrap;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.Identity;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.event.EventSink;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses where the accounts come from, in the vendor's precedence: the SIM's LwM2M bootstrap record,
 * then custom server settings (generic mode, or a single-carrier override), then the carrier's factory
 * profile with the factory key from {@link CarrierConfig#FACTORY_BOOTSTRAP_SEC_TAG}.
 */
public final class BootstrapSourceSelector {

    /** Largest SIM bootstrap record read. */
    static final int MAX_SIM_RECORD = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapSourceSelector.class);

    private final LwM2mOs os;
    private final CarrierConfig config;
    private final EventSink events;

    /** A selector reading the SIM and credentials through {@code os}, reporting errors to {@code events}. */
    public BootstrapSourceSelector(LwM2mOs os, CarrierConfig config, EventSink events) {
        this.os = os;
        this.config = config;
        this.events = events;
    }

    /**
     * The source to bootstrap from.
     *
     * @return empty when none is usable (no factory key): {@code ERROR{BOOTSTRAP, -ENOENT}} was reported
     */
    public Optional<BootstrapSource> choose(CarrierProfile profile, Identity identity) {
        Optional<BootstrapSource> sim = sim();
        if (sim.isPresent()) {
            return sim;
        }
        if (config.serverSettingsApply() && config.hasCustomServer()) {
            return Optional.of(custom(profile, identity));
        }
        return factory(profile, identity);
    }

    private Optional<BootstrapSource> sim() {
        if (!os.uicc().bootstrapEnabled()) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> record = os.uicc().readBootstrapRecord(MAX_SIM_RECORD);
            if (record.isEmpty()) {
                return Optional.empty();
            }
            ServerAccounts sim = SmartcardRecordDecoder.decode(record.get());
            return Optional.of(new BootstrapSource("SIM", sim.bootstrapServer(), new ServerAccounts(sim.dmServers(), sim.servers())));
        } catch (MalformedBootstrapDataException e) {
            LOG.warn("SIM bootstrap record is malformed ({}); using the next source", e.getMessage());
            events.emit(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.EBADMSG));
        } catch (OsException e) {
            if (e.errno() != Errno.ENOTSUP) {
                LOG.warn("cannot read the SIM bootstrap record ({}); using the next source", e.getMessage());
                events.emit(new CarrierEvent.Error(ErrorType.BOOTSTRAP, e.errno()));
            }
        }
        return Optional.empty();
    }

    private BootstrapSource custom(CarrierProfile profile, Identity identity) {
        byte[] key = psk(config.serverSecTag()).map(Psk::bytes).orElse(new byte[0]);
        byte[] pskIdentity = identityOf(config.serverSecTag(), identity).getBytes(StandardCharsets.UTF_8);
        int mode = key.length == 0 ? SecurityInstance.MODE_NO_SEC : SecurityInstance.MODE_PSK;
        if (config.isBootstrapServer()) {
            return new BootstrapSource("custom bootstrap server",
                    Optional.of(new SecurityInstance(0, config.serverUri(), true, mode, pskIdentity, key, 0, 0)),
                    new ServerAccounts(List.of(), List.of()));
        }
        int ssid = profile.serverIds().dm().get(0);
        long lifetime = config.serverLifetime() != 0 ? config.serverLifetime() : profile.lifetimeSeconds();
        return new BootstrapSource("custom server", Optional.empty(), new ServerAccounts(
                List.of(new SecurityInstance(1, config.serverUri(), false, mode, pskIdentity, key, ssid, 0)),
                List.of(new ServerInstance(0, ssid, lifetime, false, profile.binding()))));
    }

    private Optional<BootstrapSource> factory(CarrierProfile profile, Identity identity) {
        Optional<Psk> key = psk(CarrierConfig.FACTORY_BOOTSTRAP_SEC_TAG);
        if (key.isEmpty()) {
            LOG.error("no factory bootstrap key in sec tag {} for {}", CarrierConfig.FACTORY_BOOTSTRAP_SEC_TAG, profile.id());
            events.emit(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.ENOENT));
            return Optional.empty();
        }
        byte[] pskIdentity = identity.pskIdentity().getBytes(StandardCharsets.UTF_8);
        if (profile.usesBootstrapServer()) {
            return Optional.of(new BootstrapSource("factory bootstrap server " + profile.bootstrapUri(),
                    Optional.of(new SecurityInstance(0, profile.bootstrapUri(), true, SecurityInstance.MODE_PSK, pskIdentity,
                            key.get().bytes(), 0, 0)), new ServerAccounts(List.of(), List.of())));
        }
        int ssid = profile.serverIds().dm().get(0);
        return Optional.of(new BootstrapSource("factory server " + profile.dmUri(), Optional.empty(), new ServerAccounts(
                List.of(new SecurityInstance(1, profile.dmUri(), false, SecurityInstance.MODE_PSK, pskIdentity, key.get().bytes(),
                        ssid, 0)),
                List.of(new ServerInstance(0, ssid, profile.lifetimeSeconds(), false, profile.binding())))));
    }

    private Optional<Psk> psk(int secTag) {
        try {
            return os.credentials().psk(secTag);
        } catch (OsException e) {
            LOG.warn("cannot read sec tag {}: {}", secTag, e.getMessage());
            return Optional.empty();
        }
    }

    private String identityOf(int secTag, Identity identity) {
        try {
            return os.credentials().pskIdentity(secTag).orElse(identity.pskIdentity());
        } catch (OsException e) {
            return identity.pskIdentity();
        }
    }
}
