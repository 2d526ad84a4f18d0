package io.carrieremu.core.os;

/** Receives the events of one download; see {@link DownloadClient#start}. */
@FunctionalInterface
public interface DownloadListener {

    /**
     * One event, on the backend's download thread, in order. It should not block for long (hand heavy
     * work to a {@link WorkQueue}).
     *
     * @return for a {@link DownloadEvent.Fragment}, false to stop the download ({@code Closed} follows);
     *     ignored for the other events
     */
    boolean onEvent(DownloadEvent event);
}
