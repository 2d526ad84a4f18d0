package io.carrieremu.core.object.connectivity;

import io.carrieremu.core.object.ModelInstance;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.response.ReadResponse;

/**
 * An instance whose values the modem gives, read live on every read ({@link #compute}); the modem's
 * notifications only say that something may have changed. {@link #refresh()} reads every served
 * resource again and tells observers about those whose value differs from the last refresh, so an
 * observation fires for a new cell, signal or address and stays quiet otherwise.
 */
abstract class ModemBackedInstance extends ModelInstance {

    private final ConnectivityModem modem;
    private volatile Map<Integer, LwM2mResource> seen = Map.of();

    ModemBackedInstance(ObjectSpec spec, int id, Executor notifications, ConnectivityModem modem) {
        super(spec, id, notifications);
        this.modem = Objects.requireNonNull(modem, "modem");
    }

    /** A read of the whole instance is one reading of the modem: every command once, consistent answers. */
    @Override
    public ReadResponse read(LwM2mServer server) {
        return modem.reading(() -> super.read(server));
    }

    /**
     * Reads the served resources again and notifies observers of those that changed since the last
     * refresh. Called on the library's work queue (it sends AT commands and may take a few of them).
     *
     * @return the ids of the resources that changed
     */
    final List<Integer> refresh() {
        Map<Integer, LwM2mResource> now = modem.reading(() -> {
            Map<Integer, LwM2mResource> values = new TreeMap<>();
            for (int id : served()) {
                LwM2mResource value = current(id);
                if (value != null) {
                    values.put(id, value);
                }
            }
            return values;
        });
        List<Integer> different = new ArrayList<>();
        Map<Integer, LwM2mResource> before = seen;
        for (int id : served()) {
            if (!Objects.equals(before.get(id), now.get(id))) {
                different.add(id);
            }
        }
        seen = Map.copyOf(now);
        if (!different.isEmpty()) {
            changed(different.stream().mapToInt(Integer::intValue).sorted().toArray());
        }
        return different;
    }
}
