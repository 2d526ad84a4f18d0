package io.carrieremu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.uicc.UiccBootstrapReader;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The UICC reader over a generated card behind a scripted {@code +CSIM} channel — directory files
 * well-formed, damaged or random, FCPs announcing any size up to 2<sup>32</sup>−1, READ BINARY answers
 * of any length (a card that sends 256 bytes forever included), any status word, malformed
 * {@code +CSIM} lines: a record of at most {@code maxSize} bytes, empty, or {@link OsException}; at most
 * {@value #MAX_APDUS} APDUs; at most 1 MiB allocated.
 */
class UiccBootstrapReaderFuzzTest {

    private static final String NAME = "UiccBootstrapReader";
    private static final int MAX_SIZE = 4096;
    /** 2 + 3 × (1 + 4096 / 256) for the bootstrap file, 2 + 2 × 5 for the directories, and the close. */
    static final int MAX_APDUS = 64;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** How the generated card behaves. */
    record Card(String odf, String dodf, String fcp, int dataLength, String readSw, String otherSw, int malformEvery,
            boolean noPkcs15) {
    }

    private static Arbitrary<String> hexBytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max).map(HEX::formatHex);
    }

    @Provide
    Arbitrary<Card> cards() {
        Arbitrary<String> odf = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("A706300404026430FFFF")),
                Tuple.of(1, Arbitraries.just("A7053003040164")), Tuple.of(1, Arbitraries.just("A783FFFFFF")),
                Tuple.of(2, hexBytes(40)));
        Arbitrary<String> dodf = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("A110A10E300C0604672B0901300404026432")),
                Tuple.of(1, Arbitraries.just("A112A110300E06060604672B0901300404026432")),
                Tuple.of(1, Arbitraries.just("A10AA108300606042A030401")), Tuple.of(2, hexBytes(60)));
        Arbitrary<String> fcp = Arbitraries.oneOf(Arbitraries.longs().between(0, 0xFFFFFFFFL).map(n -> "62068004" + String.format("%08X", n)),
                Arbitraries.integers().between(0, 0xFFFF).map(n -> "62048002" + String.format("%04X", n)),
                Arbitraries.integers().between(0, 300).map(n -> "62048002" + String.format("%04X", n)),
                Arbitraries.just(""), hexBytes(12));
        Arbitrary<String> sw = Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("9000")),
                Tuple.of(1, Arbitraries.of("6A82", "6B00", "6700", "6881", "9001", "0000")));
        return Builders.withBuilder(() -> new Card("", "", "", 0, "9000", "9000", 0, false))
                .use(odf).in((c, v) -> new Card(v, c.dodf(), c.fcp(), c.dataLength(), c.readSw(), c.otherSw(), c.malformEvery(), c.noPkcs15()))
                .use(dodf).in((c, v) -> new Card(c.odf(), v, c.fcp(), c.dataLength(), c.readSw(), c.otherSw(), c.malformEvery(), c.noPkcs15()))
                .use(fcp).in((c, v) -> new Card(c.odf(), c.dodf(), v, c.dataLength(), c.readSw(), c.otherSw(), c.malformEvery(), c.noPkcs15()))
                .use(Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 300)))
                .in((c, v) -> new Card(c.odf(), c.dodf(), c.fcp(), v, c.readSw(), c.otherSw(), c.malformEvery(), c.noPkcs15()))
                .use(sw).in((c, v) -> new Card(c.odf(), c.dodf(), c.fcp(), c.dataLength(), v, c.otherSw(), c.malformEvery(), c.noPkcs15()))
                .use(sw).in((c, v) -> new Card(c.odf(), c.dodf(), c.fcp(), c.dataLength(), c.readSw(), v, c.malformEvery(), c.noPkcs15()))
                .use(Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(1, 30))))
                .in((c, v) -> new Card(c.odf(), c.dodf(), c.fcp(), c.dataLength(), c.readSw(), c.otherSw(), v, c.noPkcs15()))
                .use(Arbitraries.of(false, false, false, true))
                .in((c, v) -> new Card(c.odf(), c.dodf(), c.fcp(), c.dataLength(), c.readSw(), c.otherSw(), c.malformEvery(), v))
                .build();
    }

    /** The card's answer to one APDU, as the modem would print it. */
    private static AtResponse answer(Card card, String[] selected, int count, String command) {
        if (card.malformEvery() > 0 && count % card.malformEvery() == 0) {
            return switch (count % 5) {
                case 0 -> AtResponse.error();
                case 1 -> AtResponse.ok(List.of("+CSIM: 4,\"90"));
                case 2 -> AtResponse.ok(List.of("+CSIM: 9999,\"9000\""));
                case 3 -> AtResponse.ok(List.of("+CSIM: 6,\"XYZ000\""));
                default -> AtResponse.ok(List.of());
            };
        }
        String apdu = command.substring(command.indexOf('"') + 1, command.lastIndexOf('"'));
        String data;
        String sw = card.otherSw();
        if (apdu.startsWith("00700000")) {
            data = "01";
        } else if (apdu.startsWith("01A40404")) {
            data = "";
            sw = card.noPkcs15() ? "6A82" : sw;
        } else if (apdu.startsWith("01A40804047FFF")) {
            selected[0] = apdu.substring(14, 18);
            data = selected[0].equals("6432") ? card.fcp() : "";
        } else if (apdu.startsWith("01B0")) {
            sw = card.readSw();
            String content = switch (selected[0]) {
                case "5031" -> card.odf();
                case "6430" -> card.dodf();
                default -> "A5".repeat(256);
            };
            int asked = Integer.parseInt(apdu.substring(8, 10), 16);
            int length = card.dataLength() >= 0 ? card.dataLength() : asked == 0 ? 256 : asked;
            StringBuilder text = new StringBuilder();
            while (text.length() < 2 * length) {
                text.append(content.isEmpty() ? "00" : content);
            }
            data = text.substring(0, 2 * length);
        } else {
            data = "";
        }
        String response = data + sw;
        return AtResponse.ok(List.of("+CSIM: " + response.length() + ",\"" + response + "\""));
    }

    @Property(seed = "15")
    void anyCardGivesABoundedRecordNothingOrATypedError(@ForAll("cards") Card card) {
        String[] selected = {""};
        int[] count = {0};
        ScriptedAtChannel channel = new ScriptedAtChannel(command -> answer(card, selected, ++count[0], command), MAX_APDUS);
        Optional<byte[]> record = FuzzGuard.run(NAME, 1 << 20, List.of(OsException.class),
                () -> new UiccBootstrapReader(channel).read(MAX_SIZE));
        if (record != null) {
            record.ifPresent(bytes -> assertThat(bytes.length).isLessThanOrEqualTo(MAX_SIZE));
        }
    }

    @AfterContainer
    static void report() {
        FuzzGuard.report(NAME);
    }
}
