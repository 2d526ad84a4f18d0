package io.carrieremu.os.jvm.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.jvm.credential.CredentialStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %CMNG} credentials against a scripted modem: both copies written, errors classified from the
 * modem's answers, and keys never in messages. (Against the simulated modem: carrier-os-sim's
 * jvmbackend tests.)
 */
class AtCredentialsTest {

    private static final Psk KEY = Psk.ofHex("a1b2c3d4e5f60718293a4b5c6d7e8f90");

    @TempDir
    Path temp;

    private ScriptedModemPeer peer;
    private ModemAtChannel channel;
    private CredentialStore store;
    private AtCredentials credentials;

    @BeforeEach
    void open() throws Exception {
        peer = ScriptedModemPeer.start(0);
        channel = ModemAtChannel.open(peer.transport(),
                AtChannelOptions.DEFAULTS.withReconnect(Duration.ofMillis(20), Duration.ofMillis(100)));
        store = CredentialStore.open(temp);
        credentials = new AtCredentials(channel, store);
    }

    @AfterEach
    void close() throws Exception {
        channel.close();
        peer.close();
    }

    private interface Call {
        void run() throws OsException;
    }

    private static CompletableFuture<Void> async(Call call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                call.run();
                done.complete(null);
            } catch (OsException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private static OsException failure(CompletableFuture<Void> call) throws Exception {
        try {
            call.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (OsException) e.getCause();
        }
        throw new AssertionError("did not fail");
    }

    @Test
    void writeGoesToTheModemThenToTheHostStore() throws Exception {
        var write = async(() -> credentials.write(25, Credential.psk(KEY)));
        assertThat(peer.nextCommand()).isEqualTo("AT%CMNG=0,25,3,\"" + KEY.hex() + "\"");
        peer.write("OK\r\n");
        write.get(10, TimeUnit.SECONDS);
        assertThat(credentials.psk(25)).contains(KEY);
    }

    @Test
    void cme518IsEaccesAndNothingIsStoredOnTheHost() throws Exception {
        var write = async(() -> credentials.write(25, Credential.psk(KEY)));
        peer.nextCommand();
        peer.write("+CME ERROR: 518\r\n");
        OsException e = failure(write);
        assertThat(e.errno()).isEqualTo(Errno.EACCES);
        assertThat(e.getMessage()).doesNotContain(KEY.hex());
        assertThat(store.contains(25, CredentialType.PSK)).isFalse();
    }

    @Test
    void plainErrorIsExplainedByAskingTheModemsFunctionalMode() throws Exception {
        var write = async(() -> credentials.write(25, Credential.psk(KEY)));
        peer.nextCommand();
        peer.write("ERROR\r\n");
        assertThat(peer.nextCommand()).isEqualTo("AT+CFUN?");
        peer.write("+CFUN: 1\r\nOK\r\n");
        assertThat(failure(write).errno()).isEqualTo(Errno.EACCES);

        var delete = async(() -> credentials.delete(26, CredentialType.PSK));
        assertThat(peer.nextCommand()).isEqualTo("AT%CMNG=3,26,3");
        peer.write("ERROR\r\n");
        assertThat(peer.nextCommand()).isEqualTo("AT+CFUN?");
        peer.write("+CFUN: 4\r\nOK\r\n");
        assertThat(peer.nextCommand()).isEqualTo("AT%CMNG=1,26,3");
        peer.write("OK\r\n");
        assertThat(failure(delete).errno()).isEqualTo(Errno.ENOENT);
    }

    @Test
    void fullStorageIsEnomem() throws Exception {
        var write = async(() -> credentials.write(30, Credential.pskIdentity("id")));
        peer.nextCommand();
        peer.write("+CME ERROR: 515\r\n");
        assertThat(failure(write).errno()).isEqualTo(Errno.ENOMEM);
    }

    @Test
    void aSilentModemIsEioWithoutTheKeyInTheMessage() throws Exception {
        var write = async(() -> credentials.write(25, Credential.psk(KEY)));
        peer.nextCommand();
        peer.dropConnection();
        OsException e = failure(write);
        assertThat(e.errno()).isEqualTo(Errno.EIO);
        assertThat(e.getMessage()).doesNotContain(KEY.hex());
        Throwable cause = e.getCause();
        assertThat(cause).as("the channel's exception, which names the command, is not chained").isNull();
    }

    @Test
    void multiLinePemStaysOnTheHostAfterTheLinkCheck() throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        var write = async(() -> credentials.write(11, Credential.rootCa(pem)));
        assertThat(peer.nextCommand()).isEqualTo("AT+CFUN?");
        peer.write("+CFUN: 4\r\nOK\r\n");
        write.get(10, TimeUnit.SECONDS);
        assertThat(store.rootCaPem(11)).contains(pem);

        var exists = CompletableFuture.supplyAsync(() -> {
            try {
                return credentials.exists(11, CredentialType.ROOT_CA_CERT);
            } catch (OsException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(peer.nextCommand()).isEqualTo("AT%CMNG=1,11,0");
        peer.write("OK\r\n");
        assertThat(exists.get(10, TimeUnit.SECONDS)).isTrue();

        AtCredentials modemOnly = new AtCredentials(channel);
        assertThat(failure(async(() -> modemOnly.write(11, Credential.rootCa(pem)))).errno()).isEqualTo(Errno.EINVAL);
    }
}
