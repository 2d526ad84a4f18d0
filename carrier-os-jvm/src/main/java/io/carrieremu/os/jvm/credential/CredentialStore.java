package io.carrieremu.os.jvm.credential;

import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.os.jvm.file.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's copy of the credentials the JVM's own TLS/DTLS stacks need (PSKs and identities for
 * Scandium, CA certificates for downloads): what a modem keeps for its own TLS, kept on disk by sec tag
 * and type.
 *
 * <p>One file per credential ({@code <tag>-<type>}, e.g. {@code 25-psk}) in a directory readable only by
 * its owner: files {@code rw-------} and the directory {@code rwx------} where the file system has
 * POSIX permissions. Writes replace the file atomically ({@link AtomicFiles}): a crash leaves the old
 * or the new credential. Key material never appears in logs, exceptions or {@link #toString()}.
 *
 * <p>Thread-safe.
 */
public final class CredentialStore {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

    private final Path directory;

    private CredentialStore(Path directory) {
        this.directory = directory;
    }

    /**
     * Opens (creating if needed) the store in {@code directory}, tightens the directory to owner-only,
     * and removes temporary files left by a crash.
     *
     * @throws IOException if the directory cannot be created or read
     */
    public static CredentialStore open(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        AtomicFiles.ensureDirectory(directory, true);
        int leftovers = AtomicFiles.removeLeftovers(directory);
        if (leftovers > 0) {
            LOG.info("credential store {}: removed {} temporary file(s) left by an interrupted write", directory, leftovers);
        }
        return new CredentialStore(directory);
    }

    /** The directory the store lives in. */
    public Path directory() {
        return directory;
    }

    private Path file(int secTag, CredentialType type) {
        if (secTag < 0) {
            throw new IllegalArgumentException("sec tags are not negative: " + secTag);
        }
        return directory.resolve(secTag + "-" + type.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Stores a credential, replacing one of the same tag and type atomically.
     *
     * @throws IOException if it could not be written; the previous one is intact
     */
    public synchronized void put(int secTag, Credential credential) throws IOException {
        Objects.requireNonNull(credential, "credential");
        AtomicFiles.replace(file(secTag, credential.type()), credential.content(), true);
    }

    /**
     * The credential of a tag and type.
     *
     * @return empty if there is none
     * @throws IOException if the file exists but cannot be read
     */
    public synchronized Optional<Credential> get(int secTag, CredentialType type) throws IOException {
        Path file = file(secTag, type);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (content.length == 0) {
            LOG.warn("credential store {}: sec tag {} {} is empty; treated as absent", directory, secTag, type);
            return Optional.empty();
        }
        return Optional.of(new Credential(type, content));
    }

    /** Whether the tag holds a credential of this type. */
    public synchronized boolean contains(int secTag, CredentialType type) {
        return Files.isRegularFile(file(secTag, type));
    }

    /**
     * Deletes a credential.
     *
     * @return true if there was one
     * @throws IOException if it could not be deleted
     */
    public synchronized boolean remove(int secTag, CredentialType type) throws IOException {
        return AtomicFiles.delete(file(secTag, type));
    }

    /** The PSK of a tag, or empty. */
    public Optional<Psk> psk(int secTag) throws IOException {
        return get(secTag, CredentialType.PSK).map(credential -> Psk.ofBytes(credential.content()));
    }

    /** The PSK identity of a tag, or empty. */
    public Optional<String> pskIdentity(int secTag) throws IOException {
        return get(secTag, CredentialType.PSK_IDENTITY).map(Credential::contentText);
    }

    /** The root CA certificate (PEM text) of a tag, or empty. */
    public Optional<String> rootCaPem(int secTag) throws IOException {
        return get(secTag, CredentialType.ROOT_CA_CERT).map(credential -> new String(credential.content(), StandardCharsets.US_ASCII));
    }

    /** The POSIX permissions of a stored credential's file, for checks; empty where there are none. */
    public Optional<Set<PosixFilePermission>> permissions(int secTag, CredentialType type) throws IOException {
        if (!AtomicFiles.posixPermissions()) {
            return Optional.empty();
        }
        return Optional.of(Files.getPosixFilePermissions(file(secTag, type)));
    }

    /** The directory only; never contents. */
    @Override
    public String toString() {
        return "CredentialStore[" + directory + "]";
    }
}
