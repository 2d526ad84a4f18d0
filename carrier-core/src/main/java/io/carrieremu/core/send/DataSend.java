package io.carrieremu.core.send;

import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.client.DeviceClient;
import io.carrieremu.core.client.Exchange;
import io.carrieremu.core.client.ExchangeOutcome;
import io.carrieremu.core.client.ServerConnection;
import io.carrieremu.core.object.access.AccessControlledEnabler;
import io.carrieremu.core.object.model.ResourceSpec;
import io.carrieremu.core.object.model.ResourceType;
import io.carrieremu.core.object.registry.ObjectRegistry;
import io.carrieremu.core.object.server.ServerObject;
import io.carrieremu.core.os.LwM2mOs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.InvalidLwM2mPathException;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.SendRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.SendResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lwm2m_carrier_data_send}: an LwM2M Send (SenML CBOR) of one opaque resource or resource
 * instance to the registered DM servers.
 *
 * <p>The outcome is decided when the application calls, in this order: the path ({@code EINVAL} not 3
 * or 4 ids, a resource that is not opaque, 4 ids on a single resource; {@code ENOENT} an object, instance,
 * resource or resource instance the device does not have or that has no value; {@code EPERM} a resource
 * servers may not read), then {@code EINPROGRESS} while an earlier Send is still out, {@code EBADR} when
 * no DM server is registered, {@code ECANCELED} when every registered one has Mute Send ({@code /1/x/23})
 * set. The value is read at that moment, and the Send goes to every registered DM server without Mute
 * Send (Verizon's two, say), each on its own connection; it is in progress until every one of them
 * answered, failed, or gave up after EXCHANGE_LIFETIME — then the next Send may start.
 *
 * <p>{@link #send} is safe from any thread; the requests leave from the library's work queue.
 */
public final class DataSend {

    /** What the Send needs from the library around it. */
    public interface Host {
        /** The short server ids of the DM servers registered now: a snapshot, read from any thread. */
        List<Integer> registeredServers();

        /** The connection of registered DM server {@code shortServerId}, on the work queue; empty if it is not registered any more. */
        Optional<ServerConnection> connection(int shortServerId);

        /** The device's client, on the work queue. */
        DeviceClient client();
    }

    private static final Logger LOG = LoggerFactory.getLogger(DataSend.class);

    private final LwM2mOs os;
    private final ObjectRegistry objects;
    private final Executor post;
    private final Duration exchangeLifetime;
    private final Host host;
    private final AtomicBoolean inProgress = new AtomicBoolean();

    /**
     * @param post runs work on the library's work queue
     * @param exchangeLifetime how long a Send waits for its answer
     */
    public DataSend(LwM2mOs os, ObjectRegistry objects, Executor post, Duration exchangeLifetime, Host host) {
        this.os = Objects.requireNonNull(os, "os");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.post = Objects.requireNonNull(post, "post");
        this.exchangeLifetime = Objects.requireNonNull(exchangeLifetime, "exchangeLifetime");
        this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * Schedules the Send of {@code path}.
     *
     * @return OK (scheduled); {@code EINVAL}, {@code ENOENT}, {@code EPERM} for the path;
     *     {@code EINPROGRESS} a Send is in progress; {@code EBADR} no DM server is registered;
     *     {@code ECANCELED} every registered DM server has Mute Send set
     */
    public Result send(ResourcePath path) {
        Objects.requireNonNull(path, "path");
        Read read = read(path);
        if (read.error().isPresent()) {
            return Result.error(read.error().get());
        }
        List<Integer> registered = host.registeredServers();
        List<Integer> targets = registered.stream()
                .filter(ssid -> !objects.serverInstance(ssid).map(ServerObject::muteSend).orElse(false)).toList();
        if (!inProgress.compareAndSet(false, true)) {
            return Result.error(Errno.EINPROGRESS);
        }
        if (registered.isEmpty() || targets.isEmpty()) {
            inProgress.set(false);
            return Result.error(registered.isEmpty() ? Errno.EBADR : Errno.ECANCELED);
        }
        SendRequest request = new SendRequest(ContentFormat.SENML_CBOR, read.nodes());
        post.execute(() -> start(path, request, targets));
        return Result.OK;
    }

    /** True while a Send is out. */
    public boolean inProgress() {
        return inProgress.get();
    }

    private void start(ResourcePath path, SendRequest request, List<Integer> targets) {
        int[] left = {targets.size()};
        Runnable oneDone = () -> {
            if (--left[0] == 0) {
                inProgress.set(false);
            }
        };
        for (int ssid : targets) {
            Optional<ServerConnection> connection = host.connection(ssid);
            if (connection.isEmpty()) {
                LOG.info("Send of {}: server {} is no longer registered", path, ssid);
                oneDone.run();
                continue;
            }
            try {
                Exchange.start(os, host.client(), connection.get(), request, exchangeLifetime, post,
                        (ExchangeOutcome<SendResponse> outcome) -> {
                            if (outcome instanceof ExchangeOutcome.Answered<SendResponse> answered) {
                                LOG.info("Send of {} to server {}: {}", path, ssid, answered.response().getCode());
                            } else if (outcome instanceof ExchangeOutcome.Failed<SendResponse> failed) {
                                LOG.warn("Send of {} to server {} failed: {}", path, ssid, failed.detail());
                            }
                            oneDone.run();
                        });
            } catch (RuntimeException e) {
                LOG.warn("Send of {} to server {} not sent: {}", path, ssid, e.toString());
                oneDone.run();
            }
        }
    }

    /** The nodes to send, or why there are none. */
    private record Read(Map<LwM2mPath, LwM2mNode> nodes, Optional<Errno> error) {
        static Read failed(Errno errno) {
            return new Read(Map.of(), Optional.of(errno));
        }
    }

    private Read read(ResourcePath path) {
        if (path.length() != 3 && path.length() != 4) {
            return Read.failed(Errno.EINVAL);
        }
        List<Integer> ids = path.ids();
        Optional<AccessControlledEnabler> object = objects.serves(path.objectId()) ? objects.enabler(path.objectId())
                : Optional.empty();
        if (object.isEmpty()) {
            return Read.failed(Errno.ENOENT);
        }
        Optional<ResourceSpec> resource = object.get().spec().resource(ids.get(2));
        if (resource.isEmpty()) {
            return Read.failed(Errno.ENOENT);
        }
        if (resource.get().type() != ResourceType.OPAQUE || (path.length() == 4 && !resource.get().multiple())) {
            return Read.failed(Errno.EINVAL);
        }
        if (!resource.get().operations().isReadable()) {
            return Read.failed(Errno.EPERM);
        }
        LwM2mPath target;
        try {
            target = path.length() == 3 ? new LwM2mPath(ids.get(0), ids.get(1), ids.get(2))
                    : new LwM2mPath(ids.get(0), ids.get(1), ids.get(2), ids.get(3));
        } catch (InvalidLwM2mPathException e) {
            return Read.failed(Errno.EINVAL);
        }
        ReadResponse response = object.get().read(LwM2mServer.SYSTEM, new ReadRequest(null, target, null));
        if (!response.isSuccess() || response.getContent() == null
                || response.getContent() instanceof LwM2mResource value && value.isMultiInstances() && value.getInstances().isEmpty()) {
            return Read.failed(Errno.ENOENT);
        }
        Map<LwM2mPath, LwM2mNode> nodes = new LinkedHashMap<>();
        if (response.getContent() instanceof LwM2mResource value && value.isMultiInstances()) {
            // A Send carries a multiple resource as its instances, each at its own path.
            value.getInstances().forEach((id, instance) -> nodes.put(target.append(id), instance));
        } else {
            nodes.put(target, response.getContent());
        }
        return new Read(nodes, Optional.empty());
    }
}
