package io.carrieremu.os.sim.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.bootstrap.MalformedBootstrapDataException;
import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.bootstrap.SmartcardRecordDecoder;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.storage.BootstrapState;
import io.carrieremu.core.storage.BootstrapStateStore;
import io.carrieremu.core.storage.CorruptRecordException;
import io.carrieremu.os.sim.nvs.SimStorage;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stored bootstrap state and SIM bootstrap records fed truncated, wrong-CRC and random bytes. */
class BootstrapDataRobustnessTest {

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private static final ServerAccounts CONFIG = new ServerAccounts(
            List.of(new SecurityInstance(0, "coaps://bs.example.invalid:5684", true, 0, "ep".getBytes(StandardCharsets.UTF_8), KEY, 0, 10),
                    new SecurityInstance(1, "coaps://dm.example.invalid:5684", false, 0, "ep".getBytes(StandardCharsets.UTF_8), KEY, 102, 0)),
            List.of(new ServerInstance(1, 102, 86400, false, "UQ")));

    private static final BootstrapState STATE = new BootstrapState(Carrier.VERIZON, "8914800000123456789", "+15551234567",
            CarrierConfig.defaults().serverSettingsFingerprint(), CONFIG);

    @Test
    void stateRoundTripsThroughNvs() throws Exception {
        BootstrapStateStore store = new BootstrapStateStore(SimStorage.inMemory());
        assertThat(store.load()).isEmpty();
        store.save(STATE);
        assertThat(store.load()).contains(STATE);
        store.clear();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void truncatedRecordsAreNotBootstrappedAndRemoved() throws Exception {
        byte[] record = BootstrapStateStore.encode(STATE);
        for (int length = 1; length < record.length; length++) {
            SimStorage storage = SimStorage.inMemory();
            storage.write(BootstrapStateStore.RECORD_ID, Arrays.copyOf(record, length));
            assertThat(new BootstrapStateStore(storage).load()).as("prefix of %d bytes", length).isEmpty();
            assertThat(storage.read(BootstrapStateStore.RECORD_ID)).as("removed after reporting").isEmpty();
        }
    }

    @Test
    void anyFlippedBitIsCaughtByTheCrc() {
        byte[] record = BootstrapStateStore.encode(STATE);
        for (int i = 0; i < record.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = record.clone();
                damaged[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> BootstrapStateStore.decode(damaged))
                        .as("byte %d bit %d", i, bit).isInstanceOf(CorruptRecordException.class);
            }
        }
    }

    @Test
    void randomBytesAreNeverACrash() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            if (i % 2 == 0 && garbage.length > 4) {
                System.arraycopy(new byte[] {'C', 'E', 'B', 'S'}, 0, garbage, 0, 4);
            }
            SimStorage storage = SimStorage.inMemory();
            storage.write(BootstrapStateStore.RECORD_ID, garbage);
            assertThat(new BootstrapStateStore(storage).load()).isEmpty();
        }
    }

    @Test
    void powerCutWhileSavingKeepsTheOldState() throws Exception {
        SimStorage storage = SimStorage.inMemory();
        BootstrapStateStore store = new BootstrapStateStore(storage);
        store.save(STATE);
        BootstrapState changed = new BootstrapState(Carrier.VERIZON, STATE.iccid(), "+15559999999", STATE.settingsFingerprint(), CONFIG);
        storage.injectPowerCut(1, 40);
        assertThatThrownBy(() -> store.save(changed)).isInstanceOf(OsException.class);
        storage.remount();
        assertThat(store.load()).contains(STATE);
    }

    @Test
    void keysNeverShowInTheState() {
        assertThat(STATE.toString()).doesNotContain("000102").contains("redacted");
    }

    private static final List<SmartcardBootstrap.Instance> SIM_INSTANCES = List.of(
            SmartcardBootstrap.Instance.security(0, "coaps://bs.example.invalid:5684", true, "ep".getBytes(StandardCharsets.UTF_8), KEY, 0, 10),
            SmartcardBootstrap.Instance.security(1, "coaps://dm.example.invalid:5684", false, "ep".getBytes(StandardCharsets.UTF_8), KEY, 102, null),
            SmartcardBootstrap.Instance.server(1, 102, 86400, "UQ", false));

    @Test
    void smartcardRecordDecodesIntoSecurityAndServerInstances() throws Exception {
        ServerAccounts config = SmartcardRecordDecoder.decode(SmartcardBootstrap.record(SIM_INSTANCES));
        assertThat(config.bootstrapServer()).hasValueSatisfying(bs -> {
            assertThat(bs.serverUri()).isEqualTo("coaps://bs.example.invalid:5684");
            assertThat(bs.clientHoldOffSeconds()).isEqualTo(10);
            assertThat(bs.secretKey()).isEqualTo(KEY);
        });
        assertThat(config.dmServers()).singleElement().satisfies(dm -> assertThat(dm.shortServerId()).isEqualTo(102));
        assertThat(config.server(102)).contains(new ServerInstance(1, 102, 86400, false, "UQ"));
    }

    @Test
    void smartcardRecordWithFilePaddingDecodes() throws Exception {
        byte[] record = SmartcardBootstrap.record(SIM_INSTANCES);
        byte[] padded = Arrays.copyOf(record, record.length + 20);
        Arrays.fill(padded, record.length, padded.length, (byte) 0xFF);
        assertThat(SmartcardRecordDecoder.decode(padded)).isEqualTo(SmartcardRecordDecoder.decode(record));
    }

    @Test
    void truncatedSmartcardRecordsAreMalformedNeverACrash() {
        byte[] record = SmartcardBootstrap.record(SIM_INSTANCES);
        for (int length = 0; length < record.length; length++) {
            byte[] prefix = Arrays.copyOf(record, length);
            assertThatThrownBy(() -> SmartcardRecordDecoder.decode(prefix)).as("%d bytes", length)
                    .isInstanceOf(MalformedBootstrapDataException.class);
        }
    }

    @Test
    void damagedOrRandomSmartcardRecordsAreMalformedOrValidNeverACrash() {
        byte[] record = SmartcardBootstrap.record(SIM_INSTANCES);
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = record.clone();
                input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
            } else {
                input = new byte[random.nextInt(200)];
                random.nextBytes(input);
            }
            try {
                ServerAccounts config = SmartcardRecordDecoder.decode(input);
                assertThat(config.security()).isNotEmpty();
            } catch (MalformedBootstrapDataException expected) {
                assertThat(expected.getMessage()).doesNotContain("000102030405");
            }
        }
    }
}
