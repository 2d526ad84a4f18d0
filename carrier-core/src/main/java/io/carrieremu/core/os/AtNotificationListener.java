package io.carrieremu.core.os;

/** Receives unsolicited AT notifications; see {@link AtChannel#subscribe}. */
@FunctionalInterface
public interface AtNotificationListener {

    /**
     * One notification line without line terminator, e.g. {@code +CEREG: 1,"002F","0012BEEF",7}. Runs on
     * the backend's notification thread; must not block.
     */
    void onNotification(String line);
}
