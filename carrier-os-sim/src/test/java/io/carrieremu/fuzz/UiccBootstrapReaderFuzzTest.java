package io.carrieremu.fuzz;

import static io.carrieremu.fuzz.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.uicc.UiccBootstrapReader;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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

    private static Gen<String> hexBytes(int max) {
        return Gen.byteArrays(max).map(HEX::formatHex);
    }

    static Gen<Card> cards() {
        Gen<String> odf = Gen.frequency(weight(6, Gen.just("A706300404026430FFFF")),
                weight(1, Gen.just("A7053003040164")), weight(1, Gen.just("A783FFFFFF")),
                weight(2, hexBytes(40)));
        Gen<String> dodf = Gen.frequency(weight(5, Gen.just("A110A10E300C0604672B0901300404026432")),
                weight(1, Gen.just("A112A110300E06060604672B0901300404026432")),
                weight(1, Gen.just("A10AA108300606042A030401")), weight(2, hexBytes(60)));
        Gen<String> fcp = Gen.oneOf(Gen.longs(0, 0xFFFFFFFFL).map(n -> "62068004" + String.format("%08X", n)),
                Gen.ints(0, 0xFFFF).map(n -> "62048002" + String.format("%04X", n)),
                Gen.ints(0, 300).map(n -> "62048002" + String.format("%04X", n)),
                Gen.just(""), hexBytes(12));
        Gen<Integer> dataLength = Gen.oneOf(Gen.just(-1), Gen.ints(0, 300));
        Gen<String> sw = Gen.frequency(weight(9, Gen.just("9000")),
                weight(1, Gen.of("6A82", "6B00", "6700", "6881", "9001", "0000")));
        Gen<Integer> malformEvery = Gen.frequency(weight(8, Gen.just(0)), weight(2, Gen.ints(1, 30)));
        Gen<Boolean> noPkcs15 = Gen.of(false, false, false, true);
        return random -> {
            String o = odf.next(random);
            String d = dodf.next(random);
            String f = fcp.next(random);
            int length = dataLength.next(random);
            String readSw = sw.next(random);
            String otherSw = sw.next(random);
            int every = malformEvery.next(random);
            return new Card(o, d, f, length, readSw, otherSw, every, noPkcs15.next(random));
        };
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

    @Test
    void anyCardGivesABoundedRecordNothingOrATypedError() {
        FuzzRun.forAll(NAME, cards(), card -> {
            String[] selected = {""};
            int[] count = {0};
            ScriptedAtChannel channel = new ScriptedAtChannel(command -> answer(card, selected, ++count[0], command), MAX_APDUS);
            Optional<byte[]> record = FuzzGuard.run(NAME, 1 << 20, List.of(OsException.class),
                    () -> new UiccBootstrapReader(channel).read(MAX_SIZE));
            if (record != null) {
                record.ifPresent(bytes -> assertThat(bytes.length).isLessThanOrEqualTo(MAX_SIZE));
            }
        });
    }
}
