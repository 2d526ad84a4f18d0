package io.carrieremu.core.event;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.api.ResourcePath;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An event delivered to the application's {@link io.carrieremu.core.event.CarrierEventHandler}: the Java
 * shape of {@code lwm2m_carrier_event_t}. Every event knows its 3.7.0 {@link EventType} and so its
 * numeric {@link #code()}.
 *
 * <p>Switch on {@link #type()} to act, and use {@code instanceof} patterns to read the data the C union
 * carries:
 * <pre>{@code
 * if (event instanceof CarrierEvent.Deferred d) {
 *     log(d.reason().text() + ", timeout: " + d.timeoutSeconds() + " seconds");
 * } else if (event instanceof CarrierEvent.Error e) {
 *     log(e.errorType().text() + ", reason " + e.value());
 * }
 * }</pre>
 */
public sealed interface CarrierEvent {

    /** The event's type. */
    EventType type();

    /** The event's 3.7.0 number. */
    default int code() {
        return type().code();
    }

    /** {@code LTE_LINK_UP} (1): connect to LTE now. */
    record LteLinkUp() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.LTE_LINK_UP;
        }
    }

    /** {@code LTE_LINK_DOWN} (2): go offline now and stay offline until the next LTE_LINK_UP. */
    record LteLinkDown() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.LTE_LINK_DOWN;
        }
    }

    /** {@code LTE_POWER_OFF} (3): power the modem off (CFUN=0). */
    record LtePowerOff() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.LTE_POWER_OFF;
        }
    }

    /** {@code BOOTSTRAPPED} (4). */
    record Bootstrapped() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.BOOTSTRAPPED;
        }
    }

    /**
     * {@code REGISTERED} (5): registered to every DM server the device registers with.
     *
     * @param serverIds the short server ids registered (an extra of this library; the vendor event has
     *     no fields, so two REGISTERED events are equal whatever their ids)
     */
    record Registered(List<Integer> serverIds) implements CarrierEvent {
        /** Checks the components and copies mutable ones. */
        public Registered {
            serverIds = List.copyOf(serverIds);
        }

        /** REGISTERED without server ids. */
        public Registered() {
            this(List.of());
        }

        @Override
        public EventType type() {
            return EventType.REGISTERED;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Registered;
        }

        @Override
        public int hashCode() {
            return EventType.REGISTERED.hashCode();
        }
    }

    /** {@code DEREGISTERED} (6). */
    record Deregistered() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.DEREGISTERED;
        }
    }

    /**
     * {@code DEFERRED} (7): a connection attempt failed; the next one follows after the timeout.
     *
     * @param reason why
     * @param timeoutSeconds seconds until the retry
     * @param serverId the short server id of the DM server that failed, 0 when the deferral is not about
     *     one (bootstrap, PDN, MSISDN) — an extra of this library, left out of {@code equals}: the
     *     vendor event has the reason and the timeout only
     */
    record Deferred(DeferredReason reason, int timeoutSeconds, int serverId) implements CarrierEvent {
        /** Checks the components and copies mutable ones. */
        public Deferred {
            Objects.requireNonNull(reason, "reason");
            if (timeoutSeconds < 0) {
                throw new IllegalArgumentException("timeout must not be negative: " + timeoutSeconds);
            }
            if (serverId < 0 || serverId > 0xFFFF) {
                throw new IllegalArgumentException("short server ids are 0..65535, got " + serverId);
            }
        }

        /** A deferral that is not about one DM server. */
        public Deferred(DeferredReason reason, int timeoutSeconds) {
            this(reason, timeoutSeconds, 0);
        }

        @Override
        public EventType type() {
            return EventType.DEFERRED;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Deferred other && reason == other.reason && timeoutSeconds == other.timeoutSeconds;
        }

        @Override
        public int hashCode() {
            return reason.hashCode() * 31 + timeoutSeconds;
        }
    }

    /**
     * {@code FOTA_START} (8): close TLS/DTLS sessions, a download begins.
     *
     * @param uri the package URI for a pull ({@code /5/0/1}), or {@code null} for a push ({@code /5/0/0})
     */
    record FotaStart(String uri) implements CarrierEvent {
        /** True if the server pushes the image in-band ({@code uri} is null). */
        public boolean isPush() {
            return uri == null;
        }

        @Override
        public EventType type() {
            return EventType.FOTA_START;
        }
    }

    /** {@code FOTA_SUCCESS} (9). */
    record FotaSuccess() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.FOTA_SUCCESS;
        }
    }

    /** {@code REBOOT} (10): the library will reboot; a non-zero handler return defers it. */
    record Reboot() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.REBOOT;
        }
    }

    /** {@code MODEM_DOMAIN} (11), deprecated by the vendor. */
    record ModemDomain(ModemDomainEvent event) implements CarrierEvent {
        /** Checks the components and copies mutable ones. */
        public ModemDomain {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public EventType type() {
            return EventType.MODEM_DOMAIN;
        }
    }

    /**
     * {@code APP_DATA} (12): a write to, or an observation change on, object 19 or 10250.
     *
     * @param dataType what happened
     * @param path the resource ({@code path[0]} is 19 or 10250)
     * @param data the written bytes (empty for observe events); a copy is kept and returned
     */
    record AppData(AppDataEventType dataType, ResourcePath path, byte[] data) implements CarrierEvent {
        /** Checks the components and copies mutable ones. */
        public AppData {
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(path, "path");
            data = data == null ? new byte[0] : data.clone();
        }
        /** A copy of {@code data}. */

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public EventType type() {
            return EventType.APP_DATA;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AppData other
                    && dataType == other.dataType
                    && path.equals(other.path)
                    && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dataType, path, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "AppData[dataType=" + dataType + ", path=" + path + ", " + data.length + " bytes]";
        }
    }

    /** {@code MODEM_INIT} (13): initialise the modem library. */
    record ModemInit() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.MODEM_INIT;
        }
    }

    /** {@code MODEM_SHUTDOWN} (14): shut the modem library down. */
    record ModemShutdown() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.MODEM_SHUTDOWN;
        }
    }

    /** {@code ERROR_CODE_RESET} (15). */
    record ErrorCodeReset() implements CarrierEvent {
        @Override
        public EventType type() {
            return EventType.ERROR_CODE_RESET;
        }
    }

    /**
     * {@code ERROR} (20).
     *
     * @param errorType what failed
     * @param errno the documented error value; {@link #value()} gives the C number ({@code -errno})
     */
    record Error(ErrorType errorType, Errno errno) implements CarrierEvent {
        /** Checks the components and copies mutable ones. */
        public Error {
            Objects.requireNonNull(errorType, "errorType");
            Objects.requireNonNull(errno, "errno");
        }

        /** The C {@code value} field: the negative errno, e.g. -113 for EHOSTUNREACH. */
        public int value() {
            return errno.negative();
        }

        @Override
        public EventType type() {
            return EventType.ERROR;
        }
    }
}
