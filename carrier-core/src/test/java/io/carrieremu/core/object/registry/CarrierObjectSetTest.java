package io.carrieremu.core.object.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.api.DeviceTimeHooks;
import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.modem.ModemInfo;
import io.carrieremu.core.object.device.DeviceFacts;
import io.carrieremu.core.object.portfolio.IdentityType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The application's functions on objects a carrier's object set leaves out answer {@code ENOENT}: every
 * built-in profile serves Location (6) and Portfolio (16), so only a carrier profile without them (a user's
 * profiles file) reaches these outcomes.
 */
class CarrierObjectSetTest {

    private static final DeviceTimeHooks NO_CLOCK = new DeviceTimeHooks() {
        @Override
        public Optional<Long> utcTime() {
            return Optional.empty();
        }

        @Override
        public int utcOffsetMinutes() {
            return 0;
        }

        @Override
        public Optional<String> timezone() {
            return Optional.empty();
        }

        @Override
        public boolean writeUtcTime(long secondsSinceEpoch) {
            return false;
        }

        @Override
        public boolean writeUtcOffset(int minutes) {
            return false;
        }

        @Override
        public boolean writeTimezone(String timezone) {
            return false;
        }
    };

    private static ObjectRegistry activatedWith(Set<Integer> objects) {
        ObjectRegistry registry = new ObjectRegistry(Runnable::run, NO_CLOCK, List.of());
        registry.activate(objects, DeviceFacts.of(ModemInfo.UNKNOWN, CarrierConfig.defaults(), Carrier.GENERIC,
                Optional.empty(), ""));
        return registry;
    }

    @Test
    void locationAndPortfolioFunctionsWithoutTheObjectsAreEnoent() {
        ObjectRegistry registry = activatedWith(Set.of(0, 1, 2, 3));
        assertThat(registry.location().setLocation(1, 2, 3, 4, 5)).isEqualTo(Result.error(Errno.ENOENT));
        assertThat(registry.location().setVelocity(0, 1, Float.NaN, Float.NaN, Float.NaN)).isEqualTo(Result.error(Errno.ENOENT));
        assertThat(registry.portfolio().createInstance(1)).isEqualTo(Result.error(Errno.ENOENT));
        assertThat(registry.portfolio().identityRead(0, IdentityType.ID.code()).result()).isEqualTo(Result.error(Errno.ENOENT));
        assertThat(registry.portfolio().identityWrite(0, IdentityType.ID.code(), "x")).isEqualTo(Result.error(Errno.ENOENT));
        assertThat(registry.eventLog().setLogData(new byte[1])).isEqualTo(Result.error(Errno.ENOENT));
        assertThat(registry.appData().set(ResourcePath.of(19, 0, 0, 0), new byte[1])).isEqualTo(Result.error(Errno.ENOENT));
        assertThat(registry.appData().set(ResourcePath.of(10250, 0, 0), new byte[1])).isEqualTo(Result.error(Errno.ENOENT));
        assertThat(registry.enablers().stream().map(e -> e.getId()).toList()).doesNotContain(6, 16, 19, 20, 10250);
    }

    @Test
    void theSameFunctionsWorkWhenTheObjectsAreServed() {
        ObjectRegistry registry = activatedWith(Set.of(0, 1, 2, 3, 6, 16, 19, 20, 10250));
        assertThat(registry.location().setLocation(1, 2, 3, 4, 5)).isEqualTo(Result.OK);
        assertThat(registry.portfolio().createInstance(1)).isEqualTo(Result.OK);
        assertThat(registry.eventLog().setLogData(new byte[1])).isEqualTo(Result.OK);
        assertThat(registry.appData().set(ResourcePath.of(19, 0, 0, 0), new byte[1])).isEqualTo(Result.OK);
        assertThat(registry.appData().set(ResourcePath.of(10250, 0, 0), new byte[1])).isEqualTo(Result.OK);
    }
}
