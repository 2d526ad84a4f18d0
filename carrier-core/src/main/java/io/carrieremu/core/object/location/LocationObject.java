package io.carrieremu.core.object.location;

import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;

/**
 * The Location object (6), instance 0: what the application last reported with
 * {@code lwm2m_carrier_location_set} and {@code lwm2m_carrier_velocity_set}. Every resource is
 * read-only to servers; until the application sets them, all are 0 (latitude, longitude, altitude,
 * radius, timestamp 1970-01-01T00:00:00Z, speed) and the velocity is {@link Velocity#NONE} (four zero
 * octets: horizontal velocity 0 km/h, bearing 0). Nothing here is persisted: the application reports
 * its position again after a reboot.
 *
 * <p>Thread-safe: the setters may be called from any thread; observers hear of changes on the
 * notification executor.
 */
public final class LocationObject extends ModelInstance {

    /** The largest timestamp ({@code uint32_t} seconds since the epoch). */
    public static final long MAX_TIMESTAMP = 0xFFFF_FFFFL;

    private static final Set<Integer> SERVED = ids(0, 1, 2, 3, 4, 5, 6);

    private final BooleanSupplier served;
    private long timestamp;

    /**
     * @param served true while the carrier's object set includes object 6
     */
    public LocationObject(ObjectSpec spec, Executor notifications, BooleanSupplier served) {
        super(spec, 0, notifications);
        this.served = Objects.requireNonNull(served, "served");
    }

    /**
     * {@code lwm2m_carrier_location_set}: {@code /6/0/0} latitude, {@code /1} longitude, {@code /2}
     * altitude, {@code /5} timestamp, {@code /3} radius, all at once.
     *
     * @param timestamp seconds since the epoch, 0..2^32-1, not older than the last one set
     * @return OK; {@code ENOENT} object 6 is not served for this carrier; {@code EINVAL} latitude outside -90..90, longitude outside -180..180, an altitude that is
     *     not a finite number, a radius that is negative or not finite, a timestamp outside 0..2^32-1 or
     *     older than the previous one (nothing changes then)
     */
    public Result setLocation(double latitude, double longitude, float altitude, long timestamp, float uncertainty) {
        if (!served.getAsBoolean()) {
            return Result.error(Errno.ENOENT);
        }
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180) || !Float.isFinite(altitude)
                || !Float.isFinite(uncertainty) || uncertainty < 0 || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
            return Result.error(Errno.EINVAL);
        }
        synchronized (this) {
            if (timestamp < this.timestamp) {
                return Result.error(Errno.EINVAL);
            }
            this.timestamp = timestamp;
            store(LwM2mSingleResource.newFloatResource(0, latitude));
            store(LwM2mSingleResource.newFloatResource(1, longitude));
            store(LwM2mSingleResource.newFloatResource(2, altitude));
            store(LwM2mSingleResource.newFloatResource(3, uncertainty));
            store(LwM2mSingleResource.newDateResource(5, new Date(timestamp * 1000)));
        }
        changed(0, 1, 2, 3, 5);
        return Result.OK;
    }

    /**
     * {@code lwm2m_carrier_velocity_set}: {@code /6/0/4} as the 3GPP TS 23.032 octets of
     * {@link Velocity}, and {@code /6/0/6} the speed derived from it. Optional values are NaN.
     *
     * @return OK; {@code ENOENT} object 6 is not served for this carrier; {@code EINVAL} for what
     *     {@link Velocity#problem} refuses (nothing changes then). The C
     *     function's {@code ENOMEM} (no memory for the encoded value) does not occur here.
     */
    public Result setVelocity(int heading, float speedHorizontal, float speedVertical, float uncertaintyHorizontal,
            float uncertaintyVertical) {
        if (!served.getAsBoolean()) {
            return Result.error(Errno.ENOENT);
        }
        Optional<String> problem = Velocity.problem(heading, speedHorizontal, speedVertical, uncertaintyHorizontal,
                uncertaintyVertical);
        if (problem.isPresent()) {
            return Result.error(Errno.EINVAL);
        }
        Velocity velocity = new Velocity(heading, speedHorizontal, speedVertical, uncertaintyHorizontal, uncertaintyVertical);
        synchronized (this) {
            store(LwM2mSingleResource.newBinaryResource(4, velocity.encode()));
            store(LwM2mSingleResource.newFloatResource(6, velocity.speed()));
        }
        changed(4, 6);
        return Result.OK;
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected Set<Integer> persisted() {
        return Set.of();
    }

    @Override
    protected LwM2mResource defaultValue(int resourceId) {
        return switch (resourceId) {
            case 0, 1, 2, 3, 6 -> LwM2mSingleResource.newFloatResource(resourceId, 0.0);
            case 4 -> LwM2mSingleResource.newBinaryResource(4, Velocity.NONE.encode());
            case 5 -> LwM2mSingleResource.newDateResource(5, new Date(0));
            default -> null;
        };
    }
}
