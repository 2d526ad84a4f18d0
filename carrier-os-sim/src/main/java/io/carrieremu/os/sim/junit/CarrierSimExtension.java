package io.carrieremu.os.sim.junit;

import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.config.ConfigFileException;
import io.carrieremu.core.config.KconfigLoader;
import io.carrieremu.core.event.Numbering;
import io.carrieremu.os.sim.SimulatedApplication;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.carrier.ExchangeLog;
import io.carrieremu.os.sim.carrier.SimulatedCarrier;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link CarrierSimTest}: makes the test's {@link CarrierSim} on first need (a
 * parameter to inject), keeps it in the test's store and closes it when the test ends.
 */
public final class CarrierSimExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CarrierSimExtension.class);

    /** What can be injected, and how to get it from the world. */
    private static final Map<Class<?>, Function<CarrierSim, Object>> INJECTABLE = Map.of(
            CarrierSim.class, sim -> sim,
            SimulatedDevice.class, CarrierSim::device,
            SimulatedCarrier.class, CarrierSim::carrier,
            VirtualClock.class, CarrierSim::clock,
            SimulatedApplication.class, CarrierSim::application,
            ExchangeLog.class, CarrierSim::exchanges);

    /** Closes the world with the test. */
    private record World(CarrierSim sim) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            sim.close();
        }
    }

    /** Made by JUnit. */
    public CarrierSimExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTABLE.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        CarrierSim sim = context.getStore(NAMESPACE).getOrComputeIfAbsent("world", key -> new World(create(context)), World.class).sim();
        return INJECTABLE.get(parameter.getParameter().getType()).apply(sim);
    }

    private static CarrierSim create(ExtensionContext context) {
        CarrierSimTest settings = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, CarrierSimTest.class))
                .or(() -> context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, CarrierSimTest.class)))
                .orElseThrow(() -> new ExtensionConfigurationException("no @CarrierSimTest on " + context.getDisplayName()));
        CarrierConfig config = config(settings.config(), context.getRequiredTestClass())
                .toBuilder().numbering(Numbering.of(settings.numbering())).build();
        CarrierSim sim = CarrierSim.builder(settings.sim()).config(config).faults(settings.faults())
                .requestRegistration(settings.requestRegistration()).build();
        return settings.start() ? sim.start() : sim;
    }

    private static CarrierConfig config(String resource, Class<?> testClass) {
        if (resource.isEmpty()) {
            return CarrierConfig.defaults();
        }
        try (InputStream in = testClass.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ExtensionConfigurationException("@CarrierSimTest config " + resource + " is not on the classpath");
            }
            return KconfigLoader.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)).config();
        } catch (IOException | ConfigFileException e) {
            throw new ExtensionConfigurationException("@CarrierSimTest config: " + e.getMessage(), e);
        }
    }
}
