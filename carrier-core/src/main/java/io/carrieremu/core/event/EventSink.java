package io.carrieremu.core.event;

/**
 * Where the library's parts hand the events they raise: the runtime delivers them to the
 * application's handler, one at a time, in order, on the library's work queue.
 */
@FunctionalInterface
public interface EventSink {

    /**
     * Delivers {@code event}.
     *
     * @return the handler's answer (it matters for REBOOT only: non-zero defers the reboot)
     */
    int emit(CarrierEvent event);
}
