package io.carrieremu.os.sim.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.os.DownloadConfig;
import io.carrieremu.core.os.DownloadEvent;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.dfu.FirmwareImages;
import io.carrieremu.os.sim.repository.FirmwareRepository.Protocol;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated carrier's firmware repository, downloaded from by the simulated device's download client
 * (the JVM backend's real client, its events brought into the world): every protocol, the CA in a sec tag
 * written with {@code %CMNG}, and each scripted fault as the device sees it.
 */
class FirmwareRepositoryTest {

    private static final String PATH = "/fw/delta.bin";
    private static final byte[] IMAGE = FirmwareImages.modemDelta("mfw_nrf9160_1.3.6", 20_000, 7);
    private static final int CA_TAG = 411;
    private static final DownloadConfig PLAIN = new DownloadConfig(List.of(), Network.DEFAULT_PDN, PdnFamily.IPV4V6);
    private static final DownloadConfig TRUSTING = new DownloadConfig(List.of(CA_TAG), Network.DEFAULT_PDN, PdnFamily.IPV4V6);

    private SimulatedDevice device;
    private FirmwareRepository repository;

    /** What a download delivered, in the world. */
    private static final class Received {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<DownloadEvent> ends = Collections.synchronizedList(new ArrayList<>());
        final List<Long> fragmentTimes = Collections.synchronizedList(new ArrayList<>());

        boolean closed() {
            return ends.contains(new DownloadEvent.Closed());
        }
    }

    @BeforeEach
    void start() throws Exception {
        device = SimulatedDevice.builder().build();
        repository = FirmwareRepository.start(CertificateAuthority.create("Test repository CA"), device.transport());
        repository.publish(PATH, IMAGE);
    }

    @AfterEach
    void stop() {
        repository.close();
        device.close();
    }

    private void holdCa(String pem) throws OsException {
        device.os().credentials().write(CA_TAG, Credential.rootCa(pem));
    }

    private void attach() throws OsException {
        device.os().at().send("AT+CFUN=1");
        device.clock().advance(Duration.ofSeconds(5));
        assertThat(device.modem().isRegistered()).isTrue();
    }

    private Received download(String uri, DownloadConfig config, long offset) {
        Received received = new Received();
        device.clock().run(() -> {
            try {
                device.os().downloadClient().start(uri, config, offset, event -> {
                    if (event instanceof DownloadEvent.Fragment fragment) {
                        received.bytes.writeBytes(fragment.data());
                        received.fragmentTimes.add(device.clock().nowMillis());
                    } else {
                        received.ends.add(event);
                    }
                    return true;
                });
            } catch (OsException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(device.clock().runUntil(received::closed, Duration.ofHours(1))).isTrue();
        return received;
    }

    @Test
    void everyProtocolDeliversTheImageIntoTheWorld() throws Exception {
        holdCa(repository.caPem());
        attach();
        for (Protocol protocol : Protocol.values()) {
            Received received = download(repository.uri(protocol, PATH).toString(), TRUSTING, 0);
            assertThat(received.ends).as(protocol.name()).containsExactly(new DownloadEvent.Done(), new DownloadEvent.Closed());
            assertThat(received.bytes.toByteArray()).as(protocol.name()).isEqualTo(IMAGE);
        }
        assertThat(device.os().downloadClient().fileSize()).hasValue(IMAGE.length);
        assertThat(repository.requests(PATH).stream().filter(r -> r.protocol() == Protocol.COAPS).count())
                .as("one request per 512-byte block").isEqualTo((IMAGE.length + 511) / 512);
    }

    @Test
    void theCaCertificateTravelsAsMultiLinePemInOneCmngCommandAndIsListed() throws Exception {
        String pem = repository.caPem();
        assertThat(pem.lines().count()).isGreaterThan(3);
        holdCa(pem);
        assertThat(device.os().credentials().exists(CA_TAG, CredentialType.ROOT_CA_CERT)).isTrue();
        assertThat(device.os().at().send("AT%CMNG=1," + CA_TAG + ",0").lines()).hasSize(1);
        assertThat(device.os().at().send("AT%CMNG=0,412,0,\"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\"").isOk())
                .as("a malformed certificate is refused").isFalse();
        assertThatThrownBy(() -> device.os().at().send("AT+CGMR\nAT+CGSN")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void httpsWithoutTheRepositorysCaIsRefused() throws Exception {
        holdCa(CertificateAuthority.create("Some other CA").pem());
        attach();
        Received received = download(repository.uri(Protocol.HTTPS, PATH).toString(), TRUSTING, 0);
        assertThat(received.ends).containsExactly(new DownloadEvent.Failed(Errno.ECONNREFUSED), new DownloadEvent.Closed());
        Received coaps = download(repository.uri(Protocol.COAPS, PATH).toString(), TRUSTING, 0);
        assertThat(coaps.ends.get(0)).isInstanceOf(DownloadEvent.Failed.class);
    }

    @Test
    void aDroppedConnectionEndsTheDownloadAndARangeResumesIt() throws Exception {
        attach();
        repository.dropAt(10_000, 1);
        Received first = download(repository.uri(Protocol.HTTP, PATH).toString(), PLAIN, 0);
        assertThat(first.ends).containsExactly(new DownloadEvent.Failed(Errno.EIO), new DownloadEvent.Closed());
        int head = first.bytes.size();
        assertThat(head).isLessThanOrEqualTo(10_000);
        Received rest = download(repository.uri(Protocol.HTTP, PATH).toString(), PLAIN, head);
        assertThat(rest.ends).containsExactly(new DownloadEvent.Done(), new DownloadEvent.Closed());
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(first.bytes.toByteArray());
        whole.writeBytes(rest.bytes.toByteArray());
        assertThat(whole.toByteArray()).isEqualTo(IMAGE);
        assertThat(repository.requests(PATH)).extracting(FirmwareRepository.Request::answer).containsExactly("200", "206");
        assertThat(repository.requests(PATH).get(1).from()).isEqualTo(head);
    }

    @Test
    void aCoapDropIsAResetAndIgnoringRangeIsAProtocolError() throws Exception {
        attach();
        repository.dropAt(3000, 1);
        Received coap = download(repository.uri(Protocol.COAP, PATH).toString(), PLAIN, 0);
        assertThat(coap.ends).containsExactly(new DownloadEvent.Failed(Errno.ETIMEDOUT), new DownloadEvent.Closed());
        assertThat(coap.bytes.size()).isEqualTo(2560);

        repository.ignoreRange(true);
        Received http = download(repository.uri(Protocol.HTTP, PATH).toString(), PLAIN, 4096);
        assertThat(http.ends).containsExactly(new DownloadEvent.Failed(Errno.EBADMSG), new DownloadEvent.Closed());
        Received block = download(repository.uri(Protocol.COAP, PATH).toString(), PLAIN, 4096);
        assertThat(block.ends).containsExactly(new DownloadEvent.Failed(Errno.EBADMSG), new DownloadEvent.Closed());
    }

    @Test
    void aCorruptedByteIsServedInvertedAndCaughtByTheImagesDigest() throws Exception {
        attach();
        repository.corruptByteAt(12_345);
        byte[] served = download(repository.uri(Protocol.HTTP, PATH).toString(), PLAIN, 0).bytes.toByteArray();
        assertThat(served[12_345]).isEqualTo((byte) ~IMAGE[12_345]);
        assertThat(FirmwareImages.integrityProblem(served)).isPresent();
        assertThat(FirmwareImages.integrityProblem(IMAGE)).isEmpty();
    }

    @Test
    void aSlowRepositoryTakesVirtualTimePerByte() throws Exception {
        attach();
        repository.slow(10_000);
        long before = device.clock().nowMillis();
        Received received = download(repository.uri(Protocol.HTTP, PATH).toString(), PLAIN, 0);
        assertThat(received.bytes.toByteArray()).isEqualTo(IMAGE);
        assertThat(device.clock().nowMillis() - before).isBetween(IMAGE.length / 10L - 1, IMAGE.length / 10L + 1);
        assertThat(received.fragmentTimes.get(0) - before).isEqualTo(204);
    }

    @Test
    void withoutRegistrationTheModemRefusesTheDownload() {
        Received received = download(repository.uri(Protocol.HTTP, PATH).toString(), PLAIN, 0);
        assertThat(received.ends).containsExactly(new DownloadEvent.Failed(Errno.ENETDOWN), new DownloadEvent.Closed());
        assertThat(repository.requests()).isEmpty();
    }
}
