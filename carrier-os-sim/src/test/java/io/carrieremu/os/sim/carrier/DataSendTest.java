package io.carrieremu.os.sim.carrier;

import static io.carrieremu.os.sim.carrier.ServerReads.dm;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.send.SendListener;
import org.junit.jupiter.api.Test;

/** {@code dataSend}: an LwM2M Send that reaches the DM servers' Send listeners, and every outcome decided at the call. */
class DataSendTest {

    private static final byte[] BYTES = {0x10, 0x20, 0x30};

    /** What a DM server's Send service received. */
    static final class Received implements SendListener {
        final List<Map<LwM2mPath, LwM2mNode>> sends = Collections.synchronizedList(new ArrayList<>());
        final List<ContentFormat> formats = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void dataReceived(Registration registration, TimestampedLwM2mNodes data, SendRequest request) {
            sends.add(data.getNodes());
            formats.add(request.getFormat());
        }

        @Override
        public void onError(Registration registration, String errorMessage, Exception error) {
            throw new AssertionError("the server could not take the Send: " + errorMessage, error);
        }
    }

    private static Received listen(CarrierSim sim, int ssid) {
        Received received = new Received();
        sim.carrier().dmServer(ssid).getSendService().addListener(received);
        return received;
    }

    private static boolean arrives(CarrierSim sim, Received received, int count) {
        return sim.device().clock().runUntil(() -> received.sends.size() >= count, Duration.ofMinutes(5));
    }

    @Test
    void aSendReachesTheServersSendListenerWithTheBytes() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            Received received = listen(sim, dm(sim));
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 0), BYTES)).isEqualTo(Result.OK);
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 1), new byte[] {1})).isEqualTo(Result.OK);

            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 0))).isEqualTo(Result.OK);
            assertThat(arrives(sim, received, 1)).isTrue();
            LwM2mNode sent = received.sends.get(0).get(new LwM2mPath(19, 0, 0, 0));
            assertThat((byte[]) ((LwM2mResourceInstance) sent).getValue()).containsExactly(BYTES);
            assertThat(received.formats.get(0)).isEqualTo(ContentFormat.SENML_CBOR);

            sim.device().clock().runUntilIdle();
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0))).as("a whole resource").isEqualTo(Result.OK);
            assertThat(arrives(sim, received, 2)).isTrue();
            assertThat(received.sends.get(1)).as("a multiple resource goes as its instances")
                    .containsOnlyKeys(new LwM2mPath(19, 0, 0, 0), new LwM2mPath(19, 0, 0, 1));
        }
    }

    @Test
    void pathOutcomesAreDecidedAtTheCall() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            LwM2mCarrier carrier = sim.application().carrier();
            Result einval = Result.error(Errno.EINVAL);
            Result enoent = Result.error(Errno.ENOENT);
            assertThat(carrier.dataSend(ResourcePath.of(19, 0))).as("path of 2").isEqualTo(einval);
            assertThat(carrier.dataSend(ResourcePath.of(3, 0, 0))).as("a string resource").isEqualTo(einval);
            assertThat(carrier.dataSend(ResourcePath.of(6, 0, 4, 0))).as("4 ids on a single resource").isEqualTo(einval);
            assertThat(carrier.dataSend(ResourcePath.of(0, 0, 5))).as("the secret key").isEqualTo(Result.error(Errno.EPERM));
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0))).as("no entries yet").isEqualTo(enoent);
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 9))).as("no entry 9").isEqualTo(enoent);
            assertThat(carrier.dataSend(ResourcePath.of(19, 4, 0, 0))).as("no instance 4").isEqualTo(enoent);
            assertThat(carrier.dataSend(ResourcePath.of(10250, 0, 0))).as("not SoftBank's").isEqualTo(enoent);
            assertThat(carrier.dataSend(ResourcePath.of(6, 0, 4))).as("the velocity").isEqualTo(Result.OK);
        }
        try (CarrierSim sim = ServerReads.registered("lg-uplus")) {
            assertThat(sim.application().carrier().dataSend(ResourcePath.of(10250, 0, 1))).as("DL data is write-only")
                    .isEqualTo(Result.error(Errno.EPERM));
        }
    }

    @Test
    @CarrierSimTest(sim = "softbank", requestRegistration = false)
    void beforeRegistrationIsEbadr(CarrierSim sim) throws Exception {
        LwM2mCarrier carrier = sim.application().carrier();
        assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 0), BYTES)).isEqualTo(Result.OK);
        assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 0))).isEqualTo(Result.error(Errno.EBADR));
        ServerReads.register(sim, 1, true);
        assertThat(sim.application().carrier().dataSend(ResourcePath.of(19, 0, 0, 0))).isEqualTo(Result.OK);
    }

    @Test
    void aSendInFlightIsEinprogressUntilItIsAnswered() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            Received received = listen(sim, ssid);
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 0), BYTES)).isEqualTo(Result.OK);
            sim.carrier().loseNextRequestsTo(ssid, 1);
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 0))).isEqualTo(Result.OK);
            sim.device().clock().advance(Duration.ofSeconds(1));
            assertThat(received.sends).as("the first transmission was lost").isEmpty();
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 0))).isEqualTo(Result.error(Errno.EINPROGRESS));

            assertThat(arrives(sim, received, 1)).as("the retransmission arrives").isTrue();
            sim.device().clock().runUntilIdle();
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 0))).isEqualTo(Result.OK);
            assertThat(arrives(sim, received, 2)).isTrue();
        }
    }

    @Test
    void aSendThatTimesOutEndsTheInProgressState() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            Received received = listen(sim, ssid);
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 0), BYTES)).isEqualTo(Result.OK);
            sim.carrier().makeDmServerUnreachable(ssid);
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 0))).isEqualTo(Result.OK);
            sim.device().clock().advance(Duration.ofSeconds(200));
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 0))).as("still waiting").isEqualTo(Result.error(Errno.EINPROGRESS));
            sim.device().clock().advance(Duration.ofSeconds(60));
            sim.carrier().restoreDmServer(ssid);
            assertThat(carrier.dataSend(ResourcePath.of(19, 0, 0, 0))).as("given up after EXCHANGE_LIFETIME").isEqualTo(Result.OK);
            assertThat(arrives(sim, received, 1)).isTrue();
            assertThat(received.sends).hasSize(1);
        }
    }

    @Test
    void muteSendIsEcanceledAndVerizonsTwoServersEachGetTheSend() throws Exception {
        try (CarrierSim sim = ServerReads.registered("verizon")) {
            Received at101 = listen(sim, 101);
            Received at102 = listen(sim, 102);
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.setVelocity(90, 5f, Float.NaN, Float.NaN, Float.NaN)).isEqualTo(Result.OK);
            ResourcePath velocity = ResourcePath.of(6, 0, 4);

            assertThat(carrier.dataSend(velocity)).isEqualTo(Result.OK);
            assertThat(arrives(sim, at101, 1) && arrives(sim, at102, 1)).as("both DM servers").isTrue();
            sim.device().clock().runUntilIdle();

            mute(sim, 101, true);
            assertThat(carrier.dataSend(velocity)).isEqualTo(Result.OK);
            assertThat(arrives(sim, at102, 2)).isTrue();
            sim.device().clock().runUntilIdle();
            assertThat(at101.sends).as("101 has Mute Send").hasSize(1);

            mute(sim, 102, true);
            assertThat(carrier.dataSend(velocity)).isEqualTo(Result.error(Errno.ECANCELED));
            mute(sim, 101, false);
            assertThat(carrier.dataSend(velocity)).isEqualTo(Result.OK);
            assertThat(arrives(sim, at101, 2)).isTrue();
        }
    }

    private static void mute(CarrierSim sim, int ssid, boolean mute) {
        int instance = sim.serverObjectInstance(ssid);
        assertThat(sim.send(ssid, new WriteRequest(1, instance, 23, mute)).isSuccess()).isTrue();
    }
}
