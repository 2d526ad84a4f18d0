package io.carrieremu.core.os;

import io.carrieremu.core.base.Errno;
import java.util.Objects;

/** What a download reports ({@code lwm2m_os_download_evt}). */
public sealed interface DownloadEvent {

    /**
     * {@code FRAGMENT}: the next bytes of the file, in order.
     *
     * @param data the bytes (copied in and out)
     */
    record Fragment(byte[] data) implements DownloadEvent {
        /** Checks the components and copies mutable ones. */
        public Fragment {
            data = data.clone();
        }
        /** A copy of {@code data}. */

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fragment other && java.util.Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Fragment[" + data.length + " bytes]";
        }
    }

    /**
     * {@code ERROR}: the download stopped; {@link Closed} follows.
     *
     * @param error {@code ECONNREFUSED} TLS refused with the given tags, {@code ENETUNREACH}/{@code
     *     EHOSTUNREACH} no route, {@code ETIMEDOUT} the server went silent, {@code ENETDOWN} the link
     *     dropped, {@code EBADMSG} a protocol error (e.g. HTTP 404), {@code EIO} anything else
     */
    record Failed(Errno error) implements DownloadEvent {
        /** Checks the components and copies mutable ones. */
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** {@code DONE}: the whole file was delivered; {@link Closed} follows. */
    record Done() implements DownloadEvent {
    }

    /** {@code CLOSED}: the connection is closed; the last event of a download. */
    record Closed() implements DownloadEvent {
    }
}
