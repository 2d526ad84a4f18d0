package io.carrieremu.os.jvm.at;

import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.Credentials;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.jvm.credential.CredentialStore;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Credentials} through the modem's {@code AT%CMNG} (write {@code 0}, list {@code 1}, delete
 * {@code 3}), optionally mirrored into a host {@link CredentialStore} for the JVM's own DTLS and TLS.
 *
 * <p>Failures are classified from the modem's answers only: {@code +CME ERROR: 518} (not allowed while
 * activated) and 514 (no access) → {@code EACCES}, 515 (memory full) → {@code ENOMEM}, 513 (not found) →
 * {@code ENOENT} on delete. A plain {@code ERROR} ({@code AT+CMEE} off) is explained by asking the
 * modem: {@code AT+CFUN?} answering {@code 1} → {@code EACCES}; for a delete, {@code AT%CMNG=1} listing
 * nothing → {@code ENOENT}; otherwise {@code EINVAL} (write) or {@code EIO} (delete). A channel that
 * does not answer → {@code EIO}.
 *
 * <p>With a host store, a write goes to the modem first and then to the store; a delete removes both.
 * PEM content (CA certificates) has line breaks. A real modem takes them inside the quoted string of one
 * {@code AT%CMNG} command when the command is handed over whole ({@code nrf_modem_at_cmd}), as an
 * in-process channel does: made with {@link #overWholeCommands(AtChannel)}, such content goes to the
 * modem like any other. Over a line-based transport (serial, TCP) it cannot: with a host store it is
 * kept there only (after the same link check: refused with {@code EACCES} while {@code AT+CFUN?} says
 * 1); without one it is refused with {@code EINVAL}. {@link #psk} and {@link #pskIdentity} read the host
 * store (a modem never reads keys back); without a store they are empty.
 *
 * <p>Content never appears in logs or exception messages. Thread-safe as the channel is.
 */
public final class AtCredentials implements Credentials {

    private static final Logger LOG = LoggerFactory.getLogger(AtCredentials.class);

    private final AtChannel at;
    private final CredentialStore store;
    private final boolean wholeCommands;

    /** Credentials on the modem only, over a line-based channel: multi-line content is refused. */
    public AtCredentials(AtChannel at) {
        this(at, null, false);
    }

    /** Credentials on the modem and mirrored in {@code store}. */
    public AtCredentials(AtChannel at, CredentialStore store) {
        this(at, Objects.requireNonNull(store, "store"), false);
    }

    private AtCredentials(AtChannel at, CredentialStore store, boolean wholeCommands) {
        this.at = Objects.requireNonNull(at, "at");
        this.store = store;
        this.wholeCommands = wholeCommands;
    }

    /**
     * Credentials on the modem only, over a channel that hands each command to the modem whole (an
     * in-process modem, as {@code nrf_modem_at_cmd} does), so PEM content travels with its line breaks
     * inside the quoted string (the simulator, which hands keys to its DTLS stack itself).
     */
    public static AtCredentials overWholeCommands(AtChannel at) {
        return new AtCredentials(at, null, true);
    }

    /** The host store, if any. */
    public Optional<CredentialStore> store() {
        return Optional.ofNullable(store);
    }

    private enum Operation { WRITE, DELETE }

    @Override
    public void write(int secTag, Credential credential) throws OsException {
        Objects.requireNonNull(credential, "credential");
        String what = "writing sec tag " + secTag + " " + credential.type();
        String content = credential.type() == CredentialType.PSK
                ? HexFormat.of().formatHex(credential.content())
                : credential.contentText();
        if (content.indexOf('"') >= 0) {
            throw new OsException(Errno.EINVAL, what + ": content with a double quote cannot be sent over AT");
        }
        if (!wholeCommands && (content.indexOf('\n') >= 0 || content.indexOf('\r') >= 0)) {
            if (store == null) {
                throw new OsException(Errno.EINVAL, what + ": the AT channel carries single-line credentials only");
            }
            if (linkUp()) {
                throw new OsException(Errno.EACCES, what + " refused while the link is up");
            }
            LOG.info("sec tag {} {}: multi-line content kept in the host store only (not sent over AT)", secTag, credential.type());
            putInStore(secTag, credential, what);
            return;
        }
        AtResponse response = send("AT%CMNG=0," + secTag + "," + credential.type().code() + ",\"" + content + "\"", what);
        if (!response.isOk()) {
            throw failure(response, Operation.WRITE, secTag, credential.type(), what);
        }
        if (store != null) {
            putInStore(secTag, credential, what);
        }
    }

    private void putInStore(int secTag, Credential credential, String what) throws OsException {
        try {
            store.put(secTag, credential);
        } catch (IOException e) {
            throw new OsException(Errno.EIO, what + ": the host copy could not be written (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public boolean exists(int secTag, CredentialType type) throws OsException {
        String what = "listing sec tag " + secTag + " " + type;
        AtResponse response = send("AT%CMNG=1," + secTag + "," + type.code(), what);
        if (!response.isOk()) {
            throw new OsException(Errno.EIO, what + " failed: " + response.finalLine());
        }
        return listed(response) || (store != null && store.contains(secTag, type));
    }

    private static boolean listed(AtResponse response) {
        return response.lines().stream().anyMatch(line -> line.startsWith("%CMNG:"));
    }

    @Override
    public void delete(int secTag, CredentialType type) throws OsException {
        String what = "deleting sec tag " + secTag + " " + type;
        AtResponse response = send("AT%CMNG=3," + secTag + "," + type.code(), what);
        if (!response.isOk()) {
            OsException failure = failure(response, Operation.DELETE, secTag, type, what);
            if (failure.errno() == Errno.ENOENT && store != null && removeFromStore(secTag, type, what)) {
                return;
            }
            throw failure;
        }
        if (store != null) {
            removeFromStore(secTag, type, what);
        }
    }

    private boolean removeFromStore(int secTag, CredentialType type, String what) throws OsException {
        try {
            return store.remove(secTag, type);
        } catch (IOException e) {
            throw new OsException(Errno.EIO, what + ": the host copy could not be deleted (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public Optional<Psk> psk(int secTag) throws OsException {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.psk(secTag);
        } catch (IOException | IllegalArgumentException e) {
            throw new OsException(Errno.EIO, "reading the PSK of sec tag " + secTag + " from the host store failed");
        }
    }

    @Override
    public Optional<String> pskIdentity(int secTag) throws OsException {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.pskIdentity(secTag);
        } catch (IOException e) {
            throw new OsException(Errno.EIO, "reading the PSK identity of sec tag " + secTag + " from the host store failed");
        }
    }

    private AtResponse send(String command, String what) throws OsException {
        try {
            return at.send(command);
        } catch (OsException e) {
            // The channel's message names the command, which holds the content: keep only the errno.
            throw new OsException(Errno.EIO, what + ": the modem did not answer (-" + e.errno().name() + ")");
        }
    }

    private OsException failure(AtResponse response, Operation operation, int secTag, CredentialType type, String what)
            throws OsException {
        if (response.status() == AtResponse.Status.CME_ERROR) {
            return switch (response.errorCode()) {
                case 518 -> new OsException(Errno.EACCES, what + " refused while the link is up (+CME ERROR: 518)");
                case 514 -> new OsException(Errno.EACCES, what + ": no access (+CME ERROR: 514)");
                case 515 -> new OsException(Errno.ENOMEM, what + ": credential storage full (+CME ERROR: 515)");
                case 513 -> operation == Operation.DELETE
                        ? new OsException(Errno.ENOENT, what + ": no such credential (+CME ERROR: 513)")
                        : new OsException(Errno.EINVAL, what + " refused (+CME ERROR: 513)");
                default -> operation == Operation.DELETE
                        ? new OsException(Errno.EIO, what + " refused: " + response.finalLine())
                        : new OsException(Errno.EINVAL, what + " refused: " + response.finalLine());
            };
        }
        if (linkUp()) {
            return new OsException(Errno.EACCES, what + " refused while the link is up (" + response.finalLine() + ", +CFUN: 1)");
        }
        if (operation == Operation.DELETE) {
            AtResponse list = send("AT%CMNG=1," + secTag + "," + type.code(), what);
            if (list.isOk() && !listed(list)) {
                return new OsException(Errno.ENOENT, what + ": no such credential");
            }
            return new OsException(Errno.EIO, what + " refused: " + response.finalLine());
        }
        return new OsException(Errno.EINVAL, what + " refused: " + response.finalLine());
    }

    /** Whether {@code AT+CFUN?} says the modem is activated (1); false if it cannot tell. */
    private boolean linkUp() throws OsException {
        AtResponse response = send("AT+CFUN?", "reading the functional mode");
        if (!response.isOk()) {
            return false;
        }
        for (String line : response.lines()) {
            try {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "+CFUN");
                if (params.isPresent() && !params.get().isEmpty()) {
                    return params.get().get(0).asInt() == 1;
                }
            } catch (AtSyntaxException e) {
                return false;
            }
        }
        return false;
    }
}
