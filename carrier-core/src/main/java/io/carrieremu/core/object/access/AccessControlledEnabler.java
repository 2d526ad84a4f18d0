package io.carrieremu.core.object.access;

import io.carrieremu.core.object.model.ObjectSpec;
import io.carrieremu.core.object.model.ResourceSpec;
import io.carrieremu.core.object.model.ValueCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteAttributesRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteAttributesResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * Leshan's object enabler with the library's two gates in front: {@link AccessControl} between DM
 * servers (4.01 Unauthorized when the rights are missing; an object-level Read or Observe returns only
 * the instances the server may read), and the object model for Create (a value that does not fit
 * answers 4.00 and creates nothing, where Leshan would create the instance without it), and the
 * object's {@link InstanceLimits} (a Create beyond its instances or capacity answers 4.00, a Delete of
 * one of its fixed instances 4.05).
 */
public final class AccessControlledEnabler extends ObjectEnabler {

    private final ObjectSpec spec;
    private final AccessControl access;
    private volatile boolean libraryOwnsInstances;
    private volatile InstanceLimits limits = InstanceLimits.NONE;

    /**
     * @param instances the instances there from the start
     * @param factory makes instances for a server's (or bootstrap server's) Create
     */
    public AccessControlledEnabler(ObjectSpec spec, Map<Integer, LwM2mInstanceEnabler> instances,
            LwM2mInstanceEnablerFactory factory, AccessControl access) {
        super(spec.id(), spec.leshan(), instances, factory, ContentFormat.SENML_CBOR);
        this.spec = spec;
        this.access = Objects.requireNonNull(access, "access");
        if (spec.id() == org.eclipse.leshan.core.LwM2mId.ACCESS_CONTROL) {
            access.bind(this);
        }
    }

    /**
     * The library keeps the instances in step with something else (the modem's PDP contexts, say):
     * servers' Create and Delete answer 4.05 Method Not Allowed from now on.
     */
    public void refuseServerCreateAndDelete() {
        this.libraryOwnsInstances = true;
    }

    /** Limits servers' Create and Delete beyond the model (default: none). */
    public void limit(InstanceLimits value) {
        this.limits = Objects.requireNonNull(value, "value");
    }

    /** The limits on servers' Create and Delete. */
    public InstanceLimits limits() {
        return limits;
    }

    /** The model this enabler serves. */
    public ObjectSpec spec() {
        return spec;
    }

    private boolean allows(LwM2mServer server, LwM2mPath path, Permission permission) {
        return path.isObject() || access.allows(server, getId(), path.getObjectInstanceId(), permission);
    }

    @Override
    public synchronized ReadResponse read(LwM2mServer server, ReadRequest request) {
        if (!allows(server, request.getPath(), Permission.READ)) {
            return ReadResponse.unauthorized();
        }
        if (!carries(request.getContentFormat(), request.getPath())) {
            return ReadResponse.notAcceptable();
        }
        return super.read(server, request);
    }

    /**
     * Whether {@code format} can carry what {@code path} holds: plain text and opaque carry one value
     * only, opaque only an opaque one. Leshan would answer 5.00 for a failed encoding; this is 4.06.
     */
    private boolean carries(ContentFormat format, LwM2mPath path) {
        if (format == null || (format != ContentFormat.TEXT && format != ContentFormat.OPAQUE)) {
            return true;
        }
        Optional<ResourceSpec> resource = path.isResource() || path.isResourceInstance()
                ? spec.resource(path.getResourceId()) : Optional.empty();
        if (resource.isEmpty() || (resource.get().multiple() && !path.isResourceInstance())) {
            return false;
        }
        return format == ContentFormat.TEXT || resource.get().type() == io.carrieremu.core.object.model.ResourceType.OPAQUE;
    }

    @Override
    protected ReadResponse doRead(LwM2mServer server, ReadRequest request) {
        if (request.getPath().isObject() && access.restricts(server)) {
            List<LwM2mObjectInstance> readable = new ArrayList<>();
            for (Integer id : getAvailableInstanceIds()) {
                if (access.allows(server, getId(), id, Permission.READ)) {
                    ReadResponse response = instances.get(id).read(server);
                    if (response.isSuccess()) {
                        readable.add((LwM2mObjectInstance) response.getContent());
                    }
                }
            }
            return ReadResponse.success(new LwM2mObject(getId(), readable));
        }
        return super.doRead(server, request);
    }

    @Override
    public synchronized ObserveResponse observe(LwM2mServer server, ObserveRequest request) {
        if (!allows(server, request.getPath(), Permission.READ)) {
            return ObserveResponse.unauthorized();
        }
        if (!carries(request.getContentFormat(), request.getPath())) {
            return new ObserveResponse(org.eclipse.leshan.core.ResponseCode.NOT_ACCEPTABLE, null, null, null, null,
                    "the requested format cannot carry this value");
        }
        return super.observe(server, request);
    }

    @Override
    protected ObserveResponse doObserve(LwM2mServer server, ObserveRequest request) {
        if (request.getPath().isObject() && access.restricts(server)) {
            ReadResponse read = doRead(server, new ReadRequest(getId()));
            return new ObserveResponse(read.getCode(), read.getContent(), null, null, null, read.getErrorMessage());
        }
        return super.doObserve(server, request);
    }

    @Override
    public synchronized WriteResponse write(LwM2mServer server, WriteRequest request) {
        if (!allows(server, request.getPath(), Permission.WRITE)) {
            return WriteResponse.unauthorized();
        }
        return super.write(server, request);
    }

    @Override
    public synchronized ExecuteResponse execute(LwM2mServer server, ExecuteRequest request) {
        if (!allows(server, request.getPath(), Permission.EXECUTE)) {
            return ExecuteResponse.unauthorized();
        }
        return super.execute(server, request);
    }

    @Override
    public synchronized DeleteResponse delete(LwM2mServer server, DeleteRequest request) {
        LwM2mPath path = request.getPath();
        if (!allows(server, path, Permission.DELETE)) {
            return DeleteResponse.unauthorized();
        }
        if (!server.isSystem() && (libraryOwnsInstances
                || path.isObjectInstance() && limits.fixed().contains(path.getObjectInstanceId()))) {
            return DeleteResponse.methodNotAllowed();
        }
        DeleteResponse response = super.delete(server, request);
        if (response.isSuccess() && path.isObjectInstance()) {
            access.deleted(getId(), path.getObjectInstanceId());
        }
        return response;
    }

    @Override
    public synchronized DiscoverResponse discover(LwM2mServer server, DiscoverRequest request) {
        if (!allows(server, request.getPath(), Permission.READ)) {
            return DiscoverResponse.unauthorized();
        }
        return super.discover(server, request);
    }

    @Override
    public synchronized WriteAttributesResponse writeAttributes(LwM2mServer server, WriteAttributesRequest request) {
        if (!allows(server, request.getPath(), Permission.READ)) {
            return WriteAttributesResponse.unauthorized();
        }
        return super.writeAttributes(server, request);
    }

    @Override
    public synchronized CreateResponse create(LwM2mServer server, CreateRequest request) {
        if (!access.allows(server, getId(), AccessControl.OBJECT_LEVEL, Permission.CREATE)) {
            return CreateResponse.unauthorized();
        }
        if (libraryOwnsInstances && !server.isSystem()) {
            return CreateResponse.methodNotAllowed();
        }
        List<LwM2mResource> values = new ArrayList<>();
        if (request.unknownObjectInstanceId()) {
            values.addAll(request.getResources());
        } else {
            request.getObjectInstances().forEach(instance -> values.addAll(instance.getResources().values()));
        }
        for (LwM2mResource value : values) {
            Optional<ResourceSpec> resource = spec.resource(value.getId());
            if (resource.isEmpty()) {
                return CreateResponse.badRequest("object " + getId() + " has no resource " + value.getId());
            }
            Optional<String> problem = ValueCheck.problem(resource.get(), value);
            if (problem.isPresent()) {
                return CreateResponse.badRequest(problem.get());
            }
        }
        int requested = request.unknownObjectInstanceId() ? 1 : request.getObjectInstances().size();
        if (!server.isSystem() && getAvailableInstanceIds().size() + requested > limits.maxInstances()) {
            return CreateResponse.badRequest("object " + getId() + " holds at most " + limits.maxInstances() + " instances");
        }
        Optional<String> capacity = server.isSystem() ? Optional.empty() : limits.createCheck().apply(values);
        if (capacity.isPresent()) {
            return CreateResponse.badRequest(capacity.get());
        }
        List<Integer> before = getAvailableInstanceIds();
        CreateResponse response = super.create(server, request);
        if (response.isSuccess()) {
            for (Integer id : getAvailableInstanceIds()) {
                if (!before.contains(id)) {
                    access.created(server, getId(), id);
                }
            }
        }
        return response;
    }

    /** The lowest instance id not in use. */
    synchronized int nextFreeInstanceId() {
        int id = 0;
        while (instances.containsKey(id)) {
            id++;
        }
        return id;
    }
}
