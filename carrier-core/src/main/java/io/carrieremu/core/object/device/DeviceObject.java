package io.carrieremu.core.object.device;

import io.carrieremu.core.modem.ModemInfo;
import io.carrieremu.core.object.ObjectEvents;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.leshan.client.resource.BaseInstanceEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * The Device object (3), instance 0, as far as this release fills it: the modem's manufacturer,
 * model, serial number (IMEI), firmware and hardware versions, the library's software version, device
 * type "Module", error code 0 (no error), supported binding {@code U}; Reboot ({@code /3/0/4}) and
 * Factory Reset ({@code /3/0/5}) go to the library as {@link ObjectEvents}. Nothing here comes from
 * the host: no host clock, no host time zone.
 */
public final class DeviceObject extends BaseInstanceEnabler {

    /** The library's part of {@code /3/0/19}. */
    public static final String LIBRARY_VERSION = "LwM2M_carrier_3.7.0";

    private static final List<Integer> RESOURCES = List.of(0, 1, 2, 3, 4, 5, 11, 16, 17, 18, 19);

    private final ObjectEvents events;
    private volatile ModemInfo modem;

    /** @param modem what the modem reported */
    public DeviceObject(ModemInfo modem, ObjectEvents events) {
        super(0);
        this.modem = Objects.requireNonNull(modem, "modem");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The modem's answers changed (a modem firmware update). */
    public void modemInfo(ModemInfo value) {
        this.modem = Objects.requireNonNull(value, "value");
        fireResourceChange(0);
        fireResourceChange(1);
        fireResourceChange(2);
        fireResourceChange(3);
        fireResourceChange(18);
    }

    @Override
    public ReadResponse read(LwM2mServer server, int resourceId) {
        ModemInfo info = modem;
        return switch (resourceId) {
            case 0 -> ReadResponse.success(resourceId, info.manufacturer());
            case 1 -> ReadResponse.success(resourceId, info.model());
            case 2 -> ReadResponse.success(resourceId, info.imei());
            case 3 -> ReadResponse.success(resourceId, info.firmwareVersion());
            case 11 -> ReadResponse.success(LwM2mMultipleResource.newIntegerResource(11, Map.of(0, 0L)));
            case 16 -> ReadResponse.success(resourceId, "U");
            case 17 -> ReadResponse.success(resourceId, "Module");
            case 18 -> ReadResponse.success(resourceId, info.hardwareVersion());
            case 19 -> ReadResponse.success(resourceId, LIBRARY_VERSION);
            default -> super.read(server, resourceId);
        };
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        switch (resourceId) {
            case 4 -> {
                events.rebootRequested(server);
                return ExecuteResponse.success();
            }
            case 5 -> {
                events.factoryResetRequested(server);
                return ExecuteResponse.success();
            }
            default -> {
                return super.execute(server, resourceId, arguments);
            }
        }
    }

    @Override
    public List<Integer> getAvailableResourceIds(ObjectModel model) {
        return RESOURCES;
    }
}
