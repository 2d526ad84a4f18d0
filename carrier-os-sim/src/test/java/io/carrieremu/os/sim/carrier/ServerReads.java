package io.carrieremu.os.sim.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.api.Result;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.EventType;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpoint;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;

/** What a DM server reads from the device, and devices registered to their carriers' servers, for the object tests. */
final class ServerReads {

    static final Duration HOUR = Duration.ofHours(1);

    private ServerReads() {
    }

    /** A device of {@code simProfile} registered to every DM server (SoftBank's REGISTER request included). */
    static CarrierSim registered(String simProfile) throws Exception {
        CarrierConfig config = "lg-uplus".equals(simProfile)
                ? CarrierConfig.defaults().toBuilder().lgUplusServiceCode("ABCDE").build()
                : CarrierConfig.defaults();
        // The SoftBank application's REGISTER request is the test's (register), not the simulation's.
        CarrierSim sim = CarrierSim.builder(simProfile).config(config).requestRegistration(false).build().start();
        register(sim, 1, "softbank".equals(simProfile));
        return sim;
    }

    /**
     * Waits for the {@code nth} REGISTERED of the world.
     *
     * @param manual true for SoftBank: the application asks for the registration once the link is up (a
     *     minute into the boot)
     */
    static void register(CarrierSim sim, int nth, boolean manual) {
        if (manual) {
            // Only the first boot brings the link up with an event (the vendor's first-boot sequence).
            assertThat(sim.runUntil(EventType.LTE_LINK_UP, 1, HOUR)).as("link up: %s", sim.application().eventsPerBoot()).isTrue();
            sim.device().clock().advance(Duration.ofMinutes(1));
            assertThat(sim.application().carrier().request(io.carrieremu.core.api.Request.REGISTER)).isEqualTo(Result.OK);
        }
        assertThat(sim.runUntil(EventType.REGISTERED, nth, HOUR)).as("registered (%d): %s", nth, sim.application().eventsPerBoot())
                .isTrue();
    }

    /** The DM server the tests talk to: the carrier's first. */
    static int dm(CarrierSim sim) {
        return sim.carrier().dmServerIds().get(0);
    }

    /** The value of the single resource {@code /o/i/r}, as the first DM server reads it. */
    static Object value(CarrierSim sim, int objectId, int instanceId, int resourceId) {
        return resource(sim, objectId, instanceId, resourceId).getValue();
    }

    /** The resource {@code /o/i/r}, as the first DM server reads it. */
    static LwM2mResource resource(CarrierSim sim, int objectId, int instanceId, int resourceId) {
        ReadResponse read = sim.send(dm(sim), new ReadRequest(objectId, instanceId, resourceId));
        assertThat(read.isSuccess()).as("read %s: %s", new LwM2mPath(objectId, instanceId, resourceId), read).isTrue();
        return (LwM2mResource) read.getContent();
    }

    /** The instances of the multiple resource {@code /o/i/r}, by id. */
    static Map<Integer, Object> instances(CarrierSim sim, int objectId, int instanceId, int resourceId) {
        Map<Integer, Object> values = new TreeMap<>();
        resource(sim, objectId, instanceId, resourceId).getInstances().forEach((id, instance) -> values.put(id, instance.getValue()));
        return values;
    }

    /** A TLV resource header announcing 5 bytes of value, followed by one: not decodable. */
    static final byte[] TRUNCATED_TLV = {(byte) 0xC8, 0x00, 0x05, 0x01};

    /**
     * A CoAP request with any payload, as DM server {@code ssid} would send it on its DTLS session with the
     * device (what Leshan's request API will not encode: truncated TLV, values of the wrong type).
     *
     * @param method "PUT" (Write replace) or "POST" (Write partial update, Create)
     * @param uriPath e.g. {@code 19/0}
     * @param contentFormat e.g. {@code ContentFormat.TLV.getCode()}
     * @return the device's response code, c*100+dd (4.00 is 400)
     */
    static int sendRaw(CarrierSim sim, int ssid, String method, String uriPath, int contentFormat, byte[] payload) {
        Registration registration = sim.carrier().dmServer(ssid).getRegistrationService().getByEndpoint(sim.endpoint());
        IpPeer peer = (IpPeer) registration.getClientTransportData();
        CaliforniumServerEndpoint endpoint = (CaliforniumServerEndpoint) sim.carrier().dmServer(ssid).getEndpoint(Protocol.COAPS);
        org.eclipse.californium.core.coap.Request request = "PUT".equals(method)
                ? org.eclipse.californium.core.coap.Request.newPut() : org.eclipse.californium.core.coap.Request.newPost();
        request.setDestinationContext(new AddressEndpointContext(peer.getSocketAddress()));
        request.getOptions().setUriPath(uriPath);
        request.getOptions().setContentFormat(contentFormat);
        request.setPayload(payload);
        CompletableFuture<Response> answer = new CompletableFuture<>();
        request.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onResponse(Response response) {
                answer.complete(response);
            }

            @Override
            protected void failed() {
                answer.completeExceptionally(new AssertionError("no answer to the raw " + method + " " + uriPath));
            }
        });
        sim.device().clock().run(() -> endpoint.getCoapEndpoint().sendRequest(request));
        Response response = sim.device().clock().await(answer, Duration.ofMinutes(5));
        return response.getCode().codeClass * 100 + response.getCode().codeDetail;
    }

    /** {@link #sendRaw} of a SenML JSON text. */
    static int sendSenmlJson(CarrierSim sim, int ssid, String method, String uriPath, String json) {
        return sendRaw(sim, ssid, method, uriPath, org.eclipse.leshan.core.request.ContentFormat.SENML_JSON.getCode(),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
