package io.carrieremu.os.jvm.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.os.jvm.file.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {

    @TempDir
    Path temp;

    private static final Psk KEY = Psk.ofHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void keepsCredentialsBySecTagAndTypeAcrossReopening() throws Exception {
        CredentialStore store = CredentialStore.open(temp.resolve("credentials"));
        store.put(25, Credential.psk(KEY));
        store.put(25, Credential.pskIdentity("urn:imei:352656100367872"));
        store.put(11, Credential.rootCa("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));

        CredentialStore again = CredentialStore.open(temp.resolve("credentials"));
        assertThat(again.psk(25)).contains(KEY);
        assertThat(again.pskIdentity(25)).contains("urn:imei:352656100367872");
        assertThat(again.rootCaPem(11)).hasValueSatisfying(pem -> assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertThat(again.psk(26)).isEmpty();
        assertThat(again.contains(25, CredentialType.PSK)).isTrue();
        assertThat(again.remove(25, CredentialType.PSK)).isTrue();
        assertThat(again.remove(25, CredentialType.PSK)).isFalse();
        assertThat(again.psk(25)).isEmpty();
    }

    @Test
    void replacingAKeyLeavesNoTemporaryFiles() throws Exception {
        CredentialStore store = CredentialStore.open(temp);
        store.put(25, Credential.psk(KEY));
        Psk other = Psk.ofHex("ffeeddccbbaa99887766554433221100");
        store.put(25, Credential.psk(other));
        assertThat(store.psk(25)).contains(other);
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("25-psk");
        }
    }

    @Test
    void leftoverTemporaryFilesAreRemovedOnOpen() throws Exception {
        Files.writeString(temp.resolve("25-psk.12345" + AtomicFiles.TEMP_SUFFIX), "half a key");
        CredentialStore.open(temp);
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void filesAndDirectoryAreReadableByTheOwnerOnly() throws Exception {
        assumeThat(AtomicFiles.posixPermissions()).as("POSIX permissions on this file system").isTrue();
        Path directory = temp.resolve("credentials");
        CredentialStore store = CredentialStore.open(directory);
        store.put(25, Credential.psk(KEY));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(store.permissions(25, CredentialType.PSK)).hasValueSatisfying(
                permissions -> assertThat(PosixFilePermissions.toString(permissions)).isEqualTo("rw-------"));

        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        CredentialStore.open(directory);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .as("an existing directory is tightened").isEqualTo("rwx------");
    }

    @Test
    void toStringNamesTheDirectoryOnly() throws Exception {
        CredentialStore store = CredentialStore.open(temp);
        store.put(25, Credential.psk(KEY));
        assertThat(store.toString()).doesNotContain(KEY.hex()).contains(temp.toString());
    }
}
