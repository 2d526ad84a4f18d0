package io.carrieremu.fuzz;

import static io.carrieremu.fuzz.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.bootstrap.MalformedBootstrapDataException;
import io.carrieremu.core.bootstrap.SmartcardRecordDecoder;
import io.carrieremu.core.client.ServerAddress;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.leshan.core.tlv.TlvEncoder;
import org.junit.jupiter.api.Test;

/**
 * The smartcard record decoder on generated records — well-framed records of Security and Server
 * instances with hostile resource values, the same damaged (bits flipped, cut, spliced), and random
 * bytes: accounts that pass every check of the decoder's contract, or
 * {@link MalformedBootstrapDataException} whose message holds no key; at most {@code 64 × size + 256 KiB}
 * bytes allocated.
 */
class SmartcardRecordDecoderFuzzTest {

    private static final String NAME = "SmartcardRecordDecoder";
    private static final byte[] KEY = HexFormat.of().parseHex("c0ffee00c0ffee00c0ffee00c0ffee00");

    private static Gen<byte[]> value(int resource) {
        Gen<byte[]> uri = Gen.of("coaps://bs.example.invalid:5684", "coap://dm.example.invalid", "coaps://bad host:5684",
                "coaps:///no-host", "coaps://[::1]:5684", "http://x.invalid", "coaps://x.invalid:99999", "", "coaps://" + "a".repeat(300),
                "coaps://\u00e9.invalid").map(s -> s.getBytes(StandardCharsets.UTF_8));
        Gen<byte[]> integer = Gen.oneOf(Gen.longs().map(TlvEncoder::encodeInteger),
                Gen.ints(-2, 70_000).map(TlvEncoder::encodeInteger));
        Gen<byte[]> bytes = Gen.byteArrays(80);
        Gen<byte[]> typed = switch (resource) {
            case 0 -> uri;
            case 1, 6 -> Gen.of(new byte[] {0}, new byte[] {1}, new byte[] {2}, new byte[0], new byte[] {0, 1});
            case 2, 10, 11 -> integer;
            case 3 -> Gen.of("urn:imei:352656100367872", "", "a\"b", "x".repeat(200), "\u0001")
                    .map(s -> s.getBytes(StandardCharsets.UTF_8));
            case 5 -> Gen.of(KEY, new byte[0], new byte[65], new byte[64]);
            case 7 -> Gen.of("U", "UQ", "XYZ", "", "UU", "N", "UMHTSNQ").map(s -> s.getBytes(StandardCharsets.UTF_8));
            default -> bytes;
        };
        return Gen.frequency(weight(5, typed), weight(1, bytes), weight(1, integer));
    }

    private static Gen<SmartcardBootstrap.Instance> instance() {
        Gen<Integer> objectId = Gen.frequency(weight(5, Gen.just(0)), weight(4, Gen.just(1)), weight(1, Gen.ints(2, 65535)));
        Gen<Integer> instanceId = Gen.ints(0, 65535);
        return objectId.flatMap(object -> {
            List<Integer> ids = object == 0 ? List.of(0, 1, 2, 3, 5, 10, 11) : List.of(0, 1, 6, 7);
            Gen<List<Integer>> chosen = Gen.subsetOf(ids);
            return random -> {
                int id = instanceId.next(random);
                Map<Integer, byte[]> resources = new TreeMap<>();
                for (int resource : chosen.next(random)) {
                    resources.put(resource, value(resource).next(random));
                }
                return new SmartcardBootstrap.Instance(object, id, resources);
            };
        });
    }

    /** Instances as a card issuer would write them, with a hostile value now and then. */
    private static Gen<SmartcardBootstrap.Instance> plausible() {
        Gen<String> uri = Gen.frequency(weight(8, Gen.of("coaps://bs.example.invalid:5684",
                "coaps://dm.example.invalid", "coaps://[2001:db8::1]:5684")), weight(1, Gen.of("coaps://bad host:5684",
                "coaps:///no-host", "coap://dm.example.invalid", "coaps://x.invalid:0")));
        Gen<byte[]> key = Gen.frequency(weight(8, Gen.just(KEY)), weight(1, Gen.byteArrays(70)));
        Gen<Integer> instanceId = Gen.ints(0, 3);
        Gen<Integer> shortServerId = Gen.ints(0, 70_000);
        Gen<Integer> holdOff = Gen.ints(-1, 100);
        Gen<SmartcardBootstrap.Instance> security = random -> {
            int id = instanceId.next(random);
            String u = uri.next(random);
            boolean bootstrap = random.nextBoolean();
            byte[] k = key.next(random);
            int ssid = shortServerId.next(random);
            int h = holdOff.next(random);
            return SmartcardBootstrap.Instance.security(id, u, bootstrap, "urn:imei:352656100367872".getBytes(StandardCharsets.UTF_8), k,
                    ssid, h < 0 ? null : h);
        };
        Gen<Long> lifetime = Gen.longs(-2, 1L << 33);
        Gen<String> binding = Gen.of("U", "UQ", "N", "XYZ", "");
        Gen<SmartcardBootstrap.Instance> server = random -> {
            int id = instanceId.next(random);
            int ssid = shortServerId.next(random);
            long life = lifetime.next(random);
            String b = binding.next(random);
            return SmartcardBootstrap.Instance.server(id, ssid, life, b, random.nextBoolean());
        };
        return Gen.frequency(weight(3, security), weight(2, server));
    }

    static Gen<byte[]> records() {
        Gen<byte[]> framed = Gen.frequency(weight(3, plausible()), weight(1, instance())).list(6).map(SmartcardBootstrap::record);
        Gen<Integer> how = Gen.ints(0, 3);
        Gen<Integer> where = Gen.ints();
        Gen<Byte> with = Gen.bytes();
        Gen<byte[]> damaged = random -> {
            byte[] record = framed.next(random);
            int h = how.next(random);
            int w = where.next(random);
            return damage(record, h, w, with.next(random));
        };
        Gen<byte[]> bytes = Gen.byteArrays(600);
        return Gen.frequency(weight(4, framed), weight(4, damaged), weight(2, bytes));
    }

    private static byte[] damage(byte[] record, int how, int where, byte with) {
        if (record.length == 0) {
            return record;
        }
        int at = Math.floorMod(where, record.length);
        byte[] copy = record.clone();
        switch (how) {
            case 0 -> copy[at] ^= (byte) (1 << Math.floorMod(with, 8));
            case 1 -> copy = java.util.Arrays.copyOf(record, at);
            case 2 -> copy[at] = with;
            default -> {
                copy = java.util.Arrays.copyOf(record, record.length + 1);
                System.arraycopy(record, at, copy, at + 1, record.length - at);
                copy[at] = with;
            }
        }
        return copy;
    }

    @Test
    void anyRecordIsCheckedAccountsOrMalformed() {
        FuzzRun.forAll(NAME, records(), record -> {
            ServerAccounts accounts = FuzzGuard.run(NAME, 64L * record.length + 262_144, List.of(MalformedBootstrapDataException.class),
                    () -> {
                        try {
                            return SmartcardRecordDecoder.decode(record);
                        } catch (MalformedBootstrapDataException e) {
                            assertThat(e.getMessage().toLowerCase()).doesNotContain("c0ffee");
                            throw e;
                        }
                    });
            if (accounts != null) {
                assertThat(accounts.security()).isNotEmpty();
                for (SecurityInstance s : accounts.security()) {
                    assertThat(ServerAddress.parse(s.serverUri())).as(s.serverUri()).isPresent();
                    assertThat(ServerAddress.parse(s.serverUri()).get().secure()).isEqualTo(s.securityMode() == SecurityInstance.MODE_PSK);
                    if (s.securityMode() == SecurityInstance.MODE_PSK) {
                        assertThat(s.secretKey().length).isBetween(1, 64);
                        assertThat(s.identity().length).isBetween(1, SmartcardRecordDecoder.MAX_IDENTITY_BYTES);
                    }
                    if (!s.bootstrapServer()) {
                        assertThat(s.shortServerId()).isBetween(1, 65534);
                    }
                }
                assertThat(accounts.servers()).allSatisfy(s -> {
                    assertThat(s.lifetimeSeconds()).isBetween(1L, (long) Integer.MAX_VALUE);
                    assertThat(s.binding()).matches("[UMHTSNQ]{1,7}");
                });
            }
        });
    }
}
