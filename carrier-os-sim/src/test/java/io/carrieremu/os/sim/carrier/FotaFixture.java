package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.sim.repository.CertificateAuthority;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.repository.FirmwareRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;

/**
 * A simulated device of a carrier (Verizon unless told otherwise) registered with its DM servers, the
 * carrier's firmware repository on real HTTP(S)/CoAP(S) sockets, and what DM server {@link #server}
 * observes of the Firmware Update object: every value of State ({@code /5/0/3}) and Update Result
 * ({@code /5/0/5}) it received, from observe answers and notifications, in order.
 */
final class FotaFixture implements AutoCloseable {

    /** Verizon's DM server, which runs the firmware updates there. */
    static final int VERIZON_DM = 102;
    /** The sec tag the device's CA certificate goes to (the vendor sample's first CA tag). */
    static final int CA_TAG = 411;
    static final String DELTA_VERSION = "mfw_nrf9160_1.3.6";

    final CarrierSim sim;
    final FirmwareRepository repository;
    /** The DM server that runs the firmware updates. */
    final int server;
    final List<Long> states = Collections.synchronizedList(new ArrayList<>());
    final List<Long> results = Collections.synchronizedList(new ArrayList<>());

    private FotaFixture(CarrierSim sim, FirmwareRepository repository) {
        this.sim = sim;
        this.repository = repository;
        this.server = sim.carrier().dmServerIds().contains(VERIZON_DM) ? VERIZON_DM : sim.carrier().dmServerIds().get(0);
    }

    /** Which CA certificate the device holds in sec tag {@value #CA_TAG}. */
    enum Ca {
        /** The repository's. */
        REPOSITORY,
        /** One of another CA, which does not vouch for the repository. */
        OTHER,
        /** None. */
        NONE
    }

    /** Verizon, the repository's CA in the device's sec tag {@value #CA_TAG}, booted and registered. */
    static FotaFixture registered() throws Exception {
        return registered("verizon", CarrierConfig.defaults(), Ca.REPOSITORY);
    }

    /**
     * @param simProfile the SIM (and carrier)
     * @param ca what the device holds in sec tag {@value #CA_TAG}
     */
    static FotaFixture registered(String simProfile, CarrierConfig config, Ca ca) throws Exception {
        CarrierSim sim = CarrierSim.builder(simProfile).config(config).build();
        FirmwareRepository repository = FirmwareRepository.start(CertificateAuthority.create("Simulated carrier repository CA"),
                sim.device().transport());
        FotaFixture fixture = new FotaFixture(sim, repository);
        switch (ca) {
            case REPOSITORY -> fixture.holdCa(repository.caPem());
            case OTHER -> fixture.holdCa(CertificateAuthority.create("A CA the repository does not use").pem());
            case NONE -> {
            }
        }
        sim.start();
        // Carriers without auto-register (SoftBank) register on the simulated application's request.
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).as("registered").isTrue();
        fixture.observe();
        return fixture;
    }

    /** Writes a CA certificate to the device's sec tag (while LTE is off). */
    void holdCa(String pem) throws OsException {
        sim.device().os().credentials().write(CA_TAG, Credential.rootCa(pem));
    }

    /** Server {@link #server} observes State and Update Result (again: a new registration drops observations). */
    void observe() {
        if (sim.carrier().dmServer(server).getObservationService() != null && listening.isEmpty()) {
            ObservationListener listener = TestSupport.onNotification((observation, response) -> record(observation.getPath(), response));
            sim.carrier().dmServer(server).getObservationService().addListener(listener);
            listening.add(listener);
        }
        for (int resource : new int[] {3, 5}) {
            ObserveResponse response = sim.send(server, new ObserveRequest(5, 0, resource));
            assertThat(response.isSuccess()).as("observe /5/0/%d: %s", resource, response).isTrue();
            record(new LwM2mPath(5, 0, resource), response);
        }
    }

    private final List<ObservationListener> listening = new ArrayList<>();

    private void record(LwM2mPath path, ObserveResponse response) {
        if (!response.isSuccess() || !(response.getContent() instanceof LwM2mSingleResource value)) {
            return;
        }
        long v = (Long) value.getValue();
        if (path.equals(new LwM2mPath(5, 0, 3))) {
            states.add(v);
        } else if (path.equals(new LwM2mPath(5, 0, 5))) {
            results.add(v);
        }
    }

    /** The State values server {@link #server} saw, repeated values collapsed. */
    List<Long> stateChanges() {
        return collapse(states);
    }

    /** The Update Result values server {@link #server} saw, repeated values collapsed. */
    List<Long> resultChanges() {
        return collapse(results);
    }

    private static List<Long> collapse(List<Long> values) {
        List<Long> out = new ArrayList<>();
        synchronized (values) {
            for (Long v : values) {
                if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    WriteResponse writeUri(String uri) {
        return sim.send(server, new WriteRequest(5, 0, 1, uri));
    }

    WriteResponse push(byte[] image) {
        return sim.send(server, new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, image));
    }

    ExecuteResponse update() {
        return sim.send(server, new ExecuteRequest(5, 0, 2));
    }

    long read(int resource) {
        ReadResponse response = sim.send(server, new ReadRequest(5, 0, resource));
        assertThat(response.isSuccess()).as("read /5/0/%d: %s", resource, response).isTrue();
        return (Long) ((LwM2mSingleResource) response.getContent()).getValue();
    }

    boolean run(BooleanSupplier until, Duration max) {
        return sim.clock().runUntil(until, max);
    }

    /** Runs until the server saw State {@code state}. */
    boolean runUntilState(long state, Duration max) {
        return run(() -> states.contains(state), max);
    }

    /** The events from the first REGISTERED on (exclusive). */
    List<EventType> eventsAfterRegistration() {
        List<EventType> all = sim.application().eventTypes();
        return all.subList(all.indexOf(REGISTERED) + 1, all.size());
    }

    /** The device's registration at server {@link #server}, or null. */
    Registration registration() {
        return sim.carrier().dmServer(server).getRegistrationService().getByEndpoint(sim.endpoint());
    }

    @Override
    public void close() {
        sim.close();
        repository.close();
    }
}
