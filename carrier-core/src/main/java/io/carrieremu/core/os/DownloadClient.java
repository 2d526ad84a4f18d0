package io.carrieremu.core.os;

import java.util.OptionalLong;

/**
 * Out-of-band firmware download over HTTP(S) or CoAP(S) ({@code lwm2m_os_download_*}). One download at a
 * time.
 */
public interface DownloadClient {

    /**
     * Connects and downloads {@code uri} from byte {@code offset} (resume), reporting through
     * {@code listener}: zero or more {@link DownloadEvent.Fragment}s, then {@link DownloadEvent.Done} or
     * {@link DownloadEvent.Failed}, then {@link DownloadEvent.Closed}. Returns without waiting for data.
     *
     * @throws OsException {@code EINVAL} malformed URI, {@code ENOTSUP} unsupported scheme,
     *     {@code E2BIG} URI too long for the backend, {@code EBUSY} a download is running; no event follows
     */
    void start(String uri, DownloadConfig config, long offset, DownloadListener listener) throws OsException;

    /**
     * Cancels the running download; {@link DownloadEvent.Closed} follows (no {@code Done}). Harmless when
     * nothing runs.
     */
    void disconnect();

    /** The size of the whole file, once the server told it; empty before or when unknown. */
    OptionalLong fileSize();
}
