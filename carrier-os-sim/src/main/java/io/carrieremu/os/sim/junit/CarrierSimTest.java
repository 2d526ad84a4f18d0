package io.carrieremu.os.sim.junit;

import io.carrieremu.os.sim.scenario.CarrierFault;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test against a fresh simulated world ({@link io.carrieremu.os.sim.scenario.CarrierSim}): a
 * device with the SIM of {@link #sim()}, its application running the library with {@link #config()},
 * the SIM operator's servers with the device provisioned, and {@link #faults()} injected; booted unless
 * {@link #start()} is false. Test methods declare what they need as parameters: {@code CarrierSim},
 * {@code SimulatedDevice}, {@code SimulatedCarrier}, {@code VirtualClock}, {@code SimulatedApplication}
 * (the event log) or {@code ExchangeLog}. The world is closed after each test.
 *
 * <p>On a class it applies to every test; on a method it replaces the class's.
 *
 * <pre>{@code
 * @CarrierSimTest(sim = "verizon", faults = CarrierFault.SERVER_UNAVAILABLE)
 * class MaintenanceTest {
 *     @Test
 *     void defers(CarrierSim sim) {
 *         assertThat(sim.await(EventType.DEFERRED, Duration.ofHours(1))).isEqualTo(...);
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(CarrierSimExtension.class)
public @interface CarrierSimTest {

    /** The SIM profile: verizon, t-mobile, lg-uplus, softbank, bell-ca or unknown. */
    String sim() default "verizon";

    /** Faults injected before the device boots. */
    CarrierFault[] faults() default {};

    /**
     * A classpath resource in {@code prj.conf} form ({@code CONFIG_LWM2M_CARRIER_*=...}) read with the
     * Kconfig defaults, e.g. {@code "/generic.conf"}; empty for the C defaults ({@code CarrierConfig.defaults()}).
     */
    String config() default "";

    /** The vendor numbering, {@code "3.7"} or {@code "3.3"}. */
    String numbering() default "3.7";

    /** Whether the device boots before the test (false: the test calls {@code CarrierSim.start()}). */
    boolean start() default true;

    /**
     * Whether the application asks for registration when the carrier does not register by itself
     * (SoftBank; {@code CarrierSim.Builder.requestRegistration}); false: the test sends the REGISTER request.
     */
    boolean requestRegistration() default true;
}
