package io.carrieremu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.bootstrap.MalformedBootstrapDataException;
import io.carrieremu.core.bootstrap.SmartcardRecordDecoder;
import io.carrieremu.core.client.ServerAddress;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.eclipse.leshan.core.tlv.TlvEncoder;

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

    private static Arbitrary<byte[]> value(int resource) {
        Arbitrary<byte[]> uri = Arbitraries.of("coaps://bs.example.invalid:5684", "coap://dm.example.invalid", "coaps://bad host:5684",
                "coaps:///no-host", "coaps://[::1]:5684", "http://x.invalid", "coaps://x.invalid:99999", "", "coaps://" + "a".repeat(300),
                "coaps://\u00e9.invalid").map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> integer = Arbitraries.oneOf(Arbitraries.longs().map(TlvEncoder::encodeInteger),
                Arbitraries.integers().between(-2, 70_000).map(TlvEncoder::encodeInteger));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> typed = switch (resource) {
            case 0 -> uri;
            case 1, 6 -> Arbitraries.of(new byte[] {0}, new byte[] {1}, new byte[] {2}, new byte[0], new byte[] {0, 1});
            case 2, 10, 11 -> integer;
            case 3 -> Arbitraries.of("urn:imei:352656100367872", "", "a\"b", "x".repeat(200), "\u0001")
                    .map(s -> s.getBytes(StandardCharsets.UTF_8));
            case 5 -> Arbitraries.of(KEY, new byte[0], new byte[65], new byte[64]);
            case 7 -> Arbitraries.of("U", "UQ", "XYZ", "", "UU", "N", "UMHTSNQ").map(s -> s.getBytes(StandardCharsets.UTF_8));
            default -> bytes;
        };
        return Arbitraries.frequencyOf(Tuple.of(5, typed), Tuple.of(1, bytes), Tuple.of(1, integer));
    }

    private static Arbitrary<SmartcardBootstrap.Instance> instance() {
        Arbitrary<Integer> objectId = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)), Tuple.of(4, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.integers().between(2, 65535)));
        return objectId.flatMap(object -> {
            List<Integer> ids = object == 0 ? List.of(0, 1, 2, 3, 5, 10, 11) : List.of(0, 1, 6, 7);
            Arbitrary<Map<Integer, byte[]>> resources = Arbitraries.subsetOf(ids).flatMap(chosen -> {
                List<Arbitrary<Map.Entry<Integer, byte[]>>> entries = new ArrayList<>();
                for (int id : chosen) {
                    entries.add(value(id).map(v -> Map.entry(id, v)));
                }
                return Combinators.combine(entries).as(list -> Map.ofEntries(list.toArray(Map.Entry[]::new)));
            });
            return Combinators.combine(Arbitraries.integers().between(0, 65535), resources)
                    .as((id, r) -> new SmartcardBootstrap.Instance(object, id, r));
        });
    }

    /** Instances as a card issuer would write them, with a hostile value now and then. */
    private static Arbitrary<SmartcardBootstrap.Instance> plausible() {
        Arbitrary<String> uri = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("coaps://bs.example.invalid:5684",
                "coaps://dm.example.invalid", "coaps://[2001:db8::1]:5684")), Tuple.of(1, Arbitraries.of("coaps://bad host:5684",
                "coaps:///no-host", "coap://dm.example.invalid", "coaps://x.invalid:0")));
        Arbitrary<byte[]> key = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(KEY)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(70)));
        Arbitrary<SmartcardBootstrap.Instance> security = Combinators.combine(Arbitraries.integers().between(0, 3), uri,
                Arbitraries.of(true, false), key, Arbitraries.integers().between(0, 70_000), Arbitraries.integers().between(-1, 100))
                .as((id, u, bs, k, ssid, holdOff) -> SmartcardBootstrap.Instance.security(id, u, bs,
                        "urn:imei:352656100367872".getBytes(StandardCharsets.UTF_8), k, ssid, holdOff < 0 ? null : holdOff));
        Arbitrary<SmartcardBootstrap.Instance> server = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 70_000), Arbitraries.longs().between(-2, 1L << 33),
                Arbitraries.of("U", "UQ", "N", "XYZ", ""), Arbitraries.of(true, false))
                .as(SmartcardBootstrap.Instance::server);
        return Arbitraries.frequencyOf(Tuple.of(3, security), Tuple.of(2, server));
    }

    @Provide
    Arbitrary<byte[]> records() {
        Arbitrary<byte[]> framed = Arbitraries.frequencyOf(Tuple.of(3, plausible()), Tuple.of(1, instance())).list().ofMaxSize(6)
                .map(SmartcardBootstrap::record);
        Arbitrary<byte[]> damaged = Combinators.combine(framed, Arbitraries.integers().between(0, 3), Arbitraries.integers(),
                Arbitraries.bytes()).as(SmartcardRecordDecoderFuzzTest::damage);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        return Arbitraries.frequencyOf(Tuple.of(4, framed), Tuple.of(4, damaged), Tuple.of(2, random));
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

    @Property(seed = "15")
    void anyRecordIsCheckedAccountsOrMalformed(@ForAll("records") byte[] record) {
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
    }

    @AfterContainer
    static void report() {
        FuzzGuard.report(NAME);
    }
}
