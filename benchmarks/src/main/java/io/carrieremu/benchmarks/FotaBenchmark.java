package io.carrieremu.benchmarks;

import io.carrieremu.core.event.EventType;
import io.carrieremu.os.sim.dfu.FirmwareImages;
import io.carrieremu.os.sim.dfu.SimDfuTarget;
import io.carrieremu.os.sim.repository.CertificateAuthority;
import io.carrieremu.os.sim.repository.FirmwareRepository;
import io.carrieremu.os.sim.repository.FirmwareRepository.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;

/**
 * FOTA download throughput ({@code ./carrier-bench fota}): a modem delta pulled by a registered
 * simulated Verizon device from the simulated carrier's firmware repository over HTTP and CoAP — the
 * server writes {@code /5/0/1}, the device's core downloads through the JVM backend's real download
 * client (events brought into the simulated world), checks and stores every fragment in the simulated
 * DFU target and its progress in NVS, until State Downloaded — beside a plain {@code java.net.http} GET
 * and a plain Californium block2 GET (512-byte blocks, as the device's) of the same file from the same
 * repository in the same run. Median of measured runs after warm-up.
 */
final class FotaBenchmark {

    private static final int SIZE = (3 << 20) / 2;
    private static final int SERVER = 102;
    private static final String PATH = "/fw/delta.bin";

    private FotaBenchmark() {
    }

    static void run() throws Exception {
        byte[] image = FirmwareImages.modemDelta("mfw_nrf9160_1.3.6", SIZE - 40 - FirmwareImages.DELTA_TRAILER, 1);
        SimulationBenchmark.World world = new SimulationBenchmark.World("verizon");
        try (FirmwareRepository repository = FirmwareRepository.start(CertificateAuthority.create("bench CA"), world.network)) {
            repository.publish(PATH, image);
            SimulationBenchmark.Device device = world.device(1);
            device.application().start();
            if (!world.clock.runUntil(() -> device.application().count(EventType.REGISTERED) >= 1, Duration.ofHours(1))) {
                throw new IllegalStateException("the device did not register");
            }
            Registration registration = world.carrier.dmServer(SERVER).getRegistrationService()
                    .getByEndpoint(world.carrier.devices().get(0).endpoint());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CoapClient coap = plainCoapClient();
            try {
                double deviceHttp = SimulationBenchmark.median(3, 7, () -> pull(world, device, registration,
                        repository.uri(Protocol.HTTP, PATH), image));
                double deviceCoap = SimulationBenchmark.median(2, 5, () -> pull(world, device, registration,
                        repository.uri(Protocol.COAP, PATH), image));
                double plainHttp = SimulationBenchmark.median(3, 7, () -> httpGet(http, repository.uri(Protocol.HTTP, PATH), image));
                double plainCoap = SimulationBenchmark.median(2, 5, () -> coapGet(coap, repository.uri(Protocol.COAP, PATH), image));
                System.out.println();
                System.out.printf(Locale.ROOT, "FOTA download of %.1f MiB from the local repository (median MB/s)%n", SIZE / 1048576.0);
                System.out.println("                                   into the simulated DFU target   plain client   ratio");
                row("HTTP (java.net.http, 2 KiB fragments)", deviceHttp, plainHttp);
                row("CoAP (Californium, 512-byte block2)", deviceCoap, plainCoap);
            } finally {
                coap.shutdown();
            }
        } finally {
            world.close();
        }
    }

    private static void row(String what, double deviceMillis, double plainMillis) {
        double device = SIZE / 1e6 / (deviceMillis / 1e3);
        double plain = SIZE / 1e6 / (plainMillis / 1e3);
        System.out.printf(Locale.ROOT, "  %-40s %10.2f %16.2f %9.2f%n", what, device, plain, device / plain);
    }

    /** One pull through the device: Package URI written, then State read until Downloaded; the image checked; reset. */
    private static long pull(SimulationBenchmark.World world, SimulationBenchmark.Device device, Registration registration,
            URI uri, byte[] image) {
        long started = System.nanoTime();
        send(world, registration, new WriteRequest(5, 0, 1, uri.toString()));
        SimDfuTarget dfu = device.device().dfu();
        if (!world.clock.runUntil(() -> dfu.storedBytes() == image.length, Duration.ofHours(1))) {
            throw new IllegalStateException("the download did not complete");
        }
        world.clock.runUntilIdle();
        long elapsed = System.nanoTime() - started;
        ReadResponse state = world.carrier.send(SERVER, registration, new ReadRequest(5, 0, 3), Duration.ofMinutes(1));
        if (!state.isSuccess() || !Long.valueOf(2).equals(((org.eclipse.leshan.core.node.LwM2mSingleResource) state.getContent()).getValue())
                || dfu.storedCrc32() != SimDfuTarget.crc32(image)) {
            throw new IllegalStateException("the image was not stored intact: " + state);
        }
        send(world, registration, new WriteRequest(5, 0, 1, ""));
        return elapsed;
    }

    private static void send(SimulationBenchmark.World world, Registration registration, WriteRequest request) {
        if (!world.carrier.send(SERVER, registration, request, Duration.ofMinutes(1)).isSuccess()) {
            throw new IllegalStateException("write refused: " + request);
        }
    }

    private static long httpGet(HttpClient client, URI uri, byte[] image) throws Exception {
        long started = System.nanoTime();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        long elapsed = System.nanoTime() - started;
        if (response.statusCode() != 200 || !Arrays.equals(response.body(), image)) {
            throw new IllegalStateException("plain HTTP download failed: " + response.statusCode());
        }
        return elapsed;
    }

    private static CoapClient plainCoapClient() {
        Configuration configuration = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        configuration.set(CoapConfig.PREFERRED_BLOCK_SIZE, 512);
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 4 << 20);
        CoapClient client = new CoapClient();
        client.setEndpoint(new CoapEndpoint.Builder().setConfiguration(configuration).build());
        client.setTimeout(30_000L);
        return client;
    }

    private static long coapGet(CoapClient client, URI uri, byte[] image) throws Exception {
        long started = System.nanoTime();
        CoapResponse response = client.setURI(uri.toString()).get();
        long elapsed = System.nanoTime() - started;
        if (response == null || !Arrays.equals(response.getPayload(), image)) {
            throw new IllegalStateException("plain CoAP download failed: " + response);
        }
        return elapsed;
    }
}
