package io.carrieremu.core.fota;

import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.model.ObjectSpec;
import io.carrieremu.core.object.model.ResourceSpec;
import io.carrieremu.core.object.model.ValueCheck;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * The Firmware Update object (5), instance 0: what servers see of the {@link FirmwareUpdate}.
 *
 * <p>State ({@code 3}), Update Result ({@code 5}), Package URI ({@code 1}), PkgName and PkgVersion
 * ({@code 6, 7}) are read live from what the firmware update last showed ({@link #show}); the protocols
 * ({@code 8}: CoAP, CoAPS, HTTP, HTTPS) and the delivery method ({@code 9}: push and pull) are fixed.
 * A write to Package ({@code 0}, push) or Package URI ({@code 1}, pull) and Execute Update ({@code 2})
 * go to the firmware update, which answers them; values are checked against the model first (4.00).
 */
public final class FirmwareUpdateObject extends ModelInstance {

    /** {@code /5/0/8}: CoAP (0), CoAPS (1), HTTP 1.1 (2), HTTPS 1.1 (3). */
    public static final List<Long> PROTOCOLS = List.of(0L, 1L, 2L, 3L);
    /** {@code /5/0/9}: push and pull (2). */
    public static final long DELIVERY_BOTH = 2;

    private static final Set<Integer> SERVED = ids(0, 1, 2, 3, 5, 6, 7, 8, 9);

    /** What the object passes to the firmware update; answers on the stack's thread. */
    public interface Handler {
        /** A server wrote the Package URI (empty: reset). */
        WriteResponse packageUri(LwM2mServer server, String uri);

        /** A server pushed a whole package (empty: reset). */
        WriteResponse packagePushed(LwM2mServer server, byte[] data);

        /** A server executed Update. */
        ExecuteResponse update(LwM2mServer server);
    }

    /**
     * What servers read.
     *
     * @param state {@code /5/0/3}
     * @param result {@code /5/0/5}
     * @param uri {@code /5/0/1}
     * @param packageName {@code /5/0/6}
     * @param packageVersion {@code /5/0/7}
     */
    public record View(FirmwareState state, UpdateResult result, String uri, String packageName, String packageVersion) {
        /** Nothing yet. */
        public static final View INITIAL = new View(FirmwareState.IDLE, UpdateResult.INITIAL, "", "", "");

        /** Validates. */
        public View {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(packageName, "packageName");
            Objects.requireNonNull(packageVersion, "packageVersion");
        }
    }

    private volatile View view = View.INITIAL;
    private volatile Handler handler;

    /**
     * @param notifications where observers hear of changes (the stack's executor)
     */
    public FirmwareUpdateObject(ObjectSpec spec, Executor notifications) {
        super(spec, 0, notifications);
    }

    /** The firmware update that answers writes and executes. */
    public void bind(Handler value) {
        this.handler = Objects.requireNonNull(value, "value");
    }

    /** Shows new values; observers of those that changed are notified. */
    public void show(View next) {
        View before = view;
        view = Objects.requireNonNull(next, "next");
        int[] changed = java.util.stream.IntStream.of(3, 5, 1, 6, 7).filter(id -> !Objects.equals(value(before, id), value(next, id)))
                .toArray();
        if (changed.length > 0) {
            changed(changed);
        }
    }

    /** What servers read now. */
    public View view() {
        return view;
    }

    private static Object value(View v, int id) {
        return switch (id) {
            case 3 -> v.state();
            case 5 -> v.result();
            case 1 -> v.uri();
            case 6 -> v.packageName();
            default -> v.packageVersion();
        };
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected LwM2mResource compute(int resourceId) {
        View v = view;
        return switch (resourceId) {
            case 1 -> LwM2mSingleResource.newStringResource(1, v.uri());
            case 3 -> LwM2mSingleResource.newIntegerResource(3, v.state().code());
            case 5 -> LwM2mSingleResource.newIntegerResource(5, v.result().code());
            case 6 -> LwM2mSingleResource.newStringResource(6, v.packageName());
            case 7 -> LwM2mSingleResource.newStringResource(7, v.packageVersion());
            case 8 -> {
                Map<Integer, Long> protocols = new TreeMap<>();
                for (int i = 0; i < PROTOCOLS.size(); i++) {
                    protocols.put(i, PROTOCOLS.get(i));
                }
                yield LwM2mMultipleResource.newIntegerResource(8, protocols);
            }
            case 9 -> LwM2mSingleResource.newIntegerResource(9, DELIVERY_BOTH);
            default -> null;
        };
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
        if (resourceId != 0 && resourceId != 1) {
            return super.write(server, replace, resourceId, value);
        }
        Optional<ResourceSpec> resource = spec.resource(resourceId);
        Optional<String> problem = resource.flatMap(r -> ValueCheck.problem(r, value));
        if (problem.isPresent()) {
            return WriteResponse.badRequest(problem.get());
        }
        Handler target = handler;
        if (target == null) {
            return WriteResponse.internalServerError("the firmware update is not running");
        }
        return resourceId == 0 ? target.packagePushed(server, (byte[]) value.getValue())
                : target.packageUri(server, (String) value.getValue());
    }

    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
        Map<Integer, LwM2mResource> resources = value.getResources();
        if (resources.keySet().stream().anyMatch(id -> id != 0 && id != 1)) {
            return WriteResponse.methodNotAllowed();
        }
        WriteResponse last = WriteResponse.success();
        for (LwM2mResource resource : new TreeMap<>(resources).values()) {
            last = write(server, replace, resource.getId(), resource);
            if (!last.isSuccess()) {
                return last;
            }
        }
        return last;
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        if (resourceId != 2) {
            return ExecuteResponse.notFound();
        }
        Handler target = handler;
        return target == null ? ExecuteResponse.internalServerError("the firmware update is not running") : target.update(server);
    }
}
