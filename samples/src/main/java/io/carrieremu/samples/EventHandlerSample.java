package io.carrieremu.samples;

/**
 * The event-handler sample: the Java counterpart of the vendor's {@code lwm2m_carrier} sample, run by
 * {@code ./carrier-sample}. Until the sample issue lands it only says so.
 */
public final class EventHandlerSample {

    private EventHandlerSample() {
    }

    /** Entry point of {@code ./carrier-sample}. */
    public static void main(String[] args) {
        System.out.println("LWM2M Carrier library sample.");
        System.out.println("not implemented yet: the simulated device and carrier side it runs on are being built"
                + " (see README.md, Status).");
    }
}
