package io.carrieremu.os.sim;

import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.Credentials;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.jvm.at.AtCredentials;
import io.carrieremu.os.sim.modem.SimModem;
import java.util.Optional;

/**
 * The simulated modem's credential store: written, listed and deleted through {@code AT%CMNG} by the
 * JVM backend's {@link AtCredentials} (errors classified from the modem's answers), as a real modem is
 * provisioned — CA certificates too, their PEM lines inside the one command the in-process channel hands
 * over whole (the JVM backend, whose AT lines cannot carry them, keeps them in its host store instead); the keys themselves reach the core's DTLS stack by sec tag from the modem
 * ({@link SimModem#credential}), without an AT read-back (which the modem refuses for keys).
 */
final class SimCredentials implements Credentials {

    private final AtCredentials at;
    private final SimModem modem;

    SimCredentials(AtChannel channel, SimModem modem) {
        this.at = AtCredentials.overWholeCommands(channel);
        this.modem = modem;
    }

    @Override
    public void write(int secTag, Credential credential) throws OsException {
        at.write(secTag, credential);
    }

    @Override
    public boolean exists(int secTag, CredentialType type) throws OsException {
        return at.exists(secTag, type);
    }

    @Override
    public void delete(int secTag, CredentialType type) throws OsException {
        at.delete(secTag, type);
    }

    @Override
    public Optional<Psk> psk(int secTag) {
        return modem.credential(secTag, CredentialType.PSK.code()).map(Psk::ofHex);
    }

    @Override
    public Optional<String> pskIdentity(int secTag) {
        return modem.credential(secTag, CredentialType.PSK_IDENTITY.code());
    }
}
