package io.carrieremu.fuzz;

import static io.carrieremu.fuzz.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.storage.BootstrapState;
import io.carrieremu.core.storage.BootstrapStateStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap state store's decoder on NVS records whose header and CRC are right but whose payload
 * is damaged or random (so decoding gets past the CRC), and on raw bytes: a well-formed state that
 * encodes and decodes to itself, or {@link io.carrieremu.core.storage.CorruptRecordException}; at most
 * {@code 32 × size + 256 KiB} bytes allocated.
 */
class BootstrapStateStoreFuzzTest {

    private static final String NAME = "BootstrapStateStore.decode";
    private static final byte[] VALID = BootstrapStateStore.encode(new BootstrapState(Carrier.VERIZON, "8914800000123456789",
            "+15551234567", new byte[32], new ServerAccounts(
                    List.of(new SecurityInstance(0, "coaps://bs.example.invalid:5684", true, 0, "ep".getBytes(StandardCharsets.UTF_8),
                            new byte[16], 0, 10),
                            new SecurityInstance(1, "coaps://dm.example.invalid:5684", false, 0, "ep".getBytes(StandardCharsets.UTF_8),
                                    new byte[16], 102, 0)),
                    List.of(new ServerInstance(1, 102, 86400, false, "UQ")))));

    /** A record around {@code payload} with the right magic, version, length and CRC. */
    private static byte[] framed(byte[] payload) {
        ByteBuffer record = ByteBuffer.allocate(7 + payload.length + 4);
        record.put(new byte[] {'C', 'E', 'B', 'S', 1}).putShort((short) payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(record.array(), 0, 7 + payload.length);
        record.putInt((int) crc.getValue());
        return record.array();
    }

    private static byte[] damagedPayload(int how, int where, byte with, int length) {
        byte[] payload = Arrays.copyOfRange(VALID, 7, VALID.length - 4);
        int at = Math.floorMod(where, payload.length);
        switch (how) {
            case 0 -> payload[at] ^= (byte) (1 << Math.floorMod(with, 8));
            case 1 -> payload = Arrays.copyOf(payload, at);
            case 2 -> payload[at] = with;
            case 3 -> {
                byte[] longer = Arrays.copyOf(payload, payload.length + length);
                Arrays.fill(longer, payload.length, longer.length, with);
                payload = longer;
            }
            default -> {
                payload[at] = (byte) 0xFF;
                payload[Math.min(payload.length - 1, at + 1)] = (byte) 0xFF;
            }
        }
        return payload;
    }

    static Gen<byte[]> records() {
        Gen<Integer> how = Gen.ints(0, 4);
        Gen<Integer> where = Gen.ints();
        Gen<Byte> with = Gen.bytes();
        Gen<Integer> length = Gen.ints(1, 300);
        Gen<byte[]> damaged = random -> {
            int h = how.next(random);
            int w = where.next(random);
            byte b = with.next(random);
            return framed(damagedPayload(h, w, b, length.next(random)));
        };
        Gen<byte[]> randomPayload = Gen.byteArrays(2000).map(BootstrapStateStoreFuzzTest::framed);
        Gen<byte[]> raw = Gen.byteArrays(300);
        return Gen.frequency(weight(6, damaged), weight(3, randomPayload), weight(1, raw));
    }

    @Test
    void anyRecordIsAWellFormedStateOrCorrupt() {
        FuzzRun.forAll(NAME, records(), record -> {
            BootstrapState state = FuzzGuard.run(NAME, 32L * record.length + 262_144,
                    List.of(io.carrieremu.core.storage.CorruptRecordException.class), () -> BootstrapStateStore.decode(record));
            if (state != null) {
                assertThat(Subscriber.isIccid(state.iccid())).isTrue();
                assertThat(state.msisdn().isEmpty() || Subscriber.isMsisdn(state.msisdn())).isTrue();
                assertThat(BootstrapStateStore.decode(BootstrapStateStore.encode(state))).isEqualTo(state);
            }
        });
    }
}
