package io.carrieremu.core.object;

import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.event.AppDataEventType;
import org.eclipse.leshan.client.servers.LwM2mServer;

/**
 * What a server's operation on an object asks the library to do. Called on the stack's thread while
 * the operation is answered; implementations post the work to the library's queue and return.
 * Every method has an empty default, so a listener overrides only what it handles.
 */
public interface ObjectEvents {

    /** Execute {@code /3/0/4} Reboot. */
    default void rebootRequested(LwM2mServer from) {
    }

    /** Execute {@code /3/0/12} Reset Error Code (the codes are already cleared). */
    default void errorCodeResetRequested(LwM2mServer from) {
    }

    /** Execute {@code /3/0/5} Factory Reset. */
    default void factoryResetRequested(LwM2mServer from) {
    }

    /** Execute {@code /1/x/9} Bootstrap-Request Trigger on the Server instance of {@code shortServerId}. */
    default void bootstrapRequested(LwM2mServer from, int shortServerId) {
    }

    /**
     * Execute {@code /1/x/8} Registration Update Trigger, or a DM server's write of lifetime ({@code /1/x/1})
     * or binding ({@code /1/x/7}): the server of {@code shortServerId} needs an Update.
     */
    default void updateRequested(LwM2mServer from, int shortServerId) {
    }

    /**
     * A DM server wrote app data ({@code /19/x/0/y}, {@code /10250/0/1}), or started or stopped observing
     * part of object 19 or 10250: the application hears of it as APP_DATA.
     *
     * @param data the bytes written (empty for observe events); the caller hands over its copy
     */
    default void appData(AppDataEventType type, ResourcePath path, byte[] data) {
    }
}
