package io.carrieremu.os.sim;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.Credentials;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.sim.modem.SimModem;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The simulated modem's credential store through {@code AT%CMNG}, as a real modem is provisioned; the
 * keys themselves reach the core's DTLS stack by sec tag, without an AT read-back (which the modem
 * refuses for keys).
 */
final class SimCredentials implements Credentials {

    private final AtChannel at;
    private final SimModem modem;

    SimCredentials(AtChannel at, SimModem modem) {
        this.at = at;
        this.modem = modem;
    }

    @Override
    public void write(int secTag, Credential credential) throws OsException {
        String content = credential.type() == CredentialType.PSK
                ? HexFormat.of().formatHex(credential.content())
                : credential.contentText();
        if (content.indexOf('"') >= 0 || content.indexOf('\n') >= 0 || content.indexOf('\r') >= 0) {
            throw new OsException(Errno.EINVAL, "the simulated AT channel carries single-line credentials only");
        }
        AtResponse response = at.send("AT%CMNG=0," + secTag + "," + credential.type().code() + ",\"" + content + "\"");
        if (!response.isOk()) {
            throw failure(response, "writing sec tag " + secTag + " " + credential.type());
        }
    }

    @Override
    public boolean exists(int secTag, CredentialType type) throws OsException {
        AtResponse response = at.send("AT%CMNG=1," + secTag + "," + type.code());
        if (!response.isOk()) {
            throw new OsException(Errno.EIO, "listing sec tag " + secTag + " failed: " + response.finalLine());
        }
        return !response.lines().isEmpty();
    }

    @Override
    public void delete(int secTag, CredentialType type) throws OsException {
        AtResponse response = at.send("AT%CMNG=3," + secTag + "," + type.code());
        if (!response.isOk()) {
            throw failure(response, "deleting sec tag " + secTag + " " + type);
        }
    }

    private OsException failure(AtResponse response, String what) {
        boolean cme = response.status() == AtResponse.Status.CME_ERROR;
        if ((cme && response.errorCode() == 518) || (!cme && modem.isLteOn())) {
            return new OsException(Errno.EACCES, what + " refused while the link is up");
        }
        if (cme && response.errorCode() == 515) {
            return new OsException(Errno.ENOMEM, what + ": credential storage full");
        }
        if ((cme && response.errorCode() == 513) || what.startsWith("deleting")) {
            return new OsException(Errno.ENOENT, what + ": no such credential");
        }
        return new OsException(Errno.EINVAL, what + " refused: " + response.finalLine());
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
