package io.carrieremu.core.os;

import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import java.util.Optional;

/**
 * The modem's credential store, by security tag ({@code AT%CMNG} on nRF91). The library writes its
 * bootstrap and DM server keys to tags 25..28 (or the configured tag + 1..4).
 *
 * <p>Writes and deletes are refused while the link is up (the modem is activated): the library asks
 * the application for {@code LTE_LINK_DOWN} first.
 */
public interface Credentials {

    /**
     * Stores a credential, replacing one of the same type in the tag.
     *
     * @throws OsException {@code EACCES} the link is up (modem: {@code +CME ERROR: 518}), {@code ENOMEM}
     *     the store is full, {@code EINVAL} content the store rejects, {@code EIO} other failures; in each
     *     case the previous credential is intact
     */
    void write(int secTag, Credential credential) throws OsException;

    /**
     * Whether the tag holds a credential of this type.
     *
     * @throws OsException {@code EIO} the store could not be listed
     */
    boolean exists(int secTag, CredentialType type) throws OsException;

    /**
     * Deletes a credential.
     *
     * @throws OsException {@code EACCES} the link is up, {@code ENOENT} no such credential, {@code EIO}
     *     other failures
     */
    void delete(int secTag, CredentialType type) throws OsException;

    /**
     * The pre-shared key of a tag, for the library's own DTLS stack. This is not a read-back over AT
     * (modems refuse that for keys); it is the backend handing the key to the DTLS layer, as a modem
     * hands it to its own. The key must not be logged.
     *
     * @return the key, or empty if the tag has none
     * @throws OsException {@code EIO} the store could not be read
     */
    Optional<Psk> psk(int secTag) throws OsException;

    /**
     * The PSK identity of a tag, or empty if it has none.
     *
     * @throws OsException {@code EIO} the store could not be read
     */
    Optional<String> pskIdentity(int secTag) throws OsException;
}
