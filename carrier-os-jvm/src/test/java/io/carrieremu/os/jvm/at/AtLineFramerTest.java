package io.carrieremu.os.jvm.at;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AtLineFramerTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesEndWithCrLfOrCrlfAndEmptyLinesAreSkipped() {
        AtLineFramer framer = new AtLineFramer(256);
        byte[] in = bytes("\r\n+CGSN: \"352656100367872\"\r\n\r\nOK\rfoo\nbar");
        assertThat(framer.feed(in, 0, in.length)).containsExactly("+CGSN: \"352656100367872\"", "OK", "foo");
        byte[] rest = bytes("\r\n");
        assertThat(framer.feed(rest, 0, rest.length)).containsExactly("bar");
    }

    @Test
    void anySplitOfTheStreamGivesTheSameLines() {
        String stream = "\r\n+CGDCONT: 0,\"IP\",\"ims\",\"10.0.0.1\",0,0\r\n+CEREG: 1\r\n+CGDCONT: 1,\"IPV6\",\"\",\"\",0,0\r\nOK\r\n";
        byte[] all = bytes(stream);
        AtLineFramer whole = new AtLineFramer(256);
        List<String> expected = whole.feed(all, 0, all.length);
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            AtLineFramer framer = new AtLineFramer(256);
            List<String> lines = new ArrayList<>();
            int i = 0;
            while (i < all.length) {
                int n = Math.min(all.length - i, 1 + random.nextInt(7));
                lines.addAll(framer.feed(all, i, n));
                i += n;
            }
            assertThat(lines).isEqualTo(expected);
        }
    }

    @Test
    void garbageBytesAreRemoved() {
        AtLineFramer framer = new AtLineFramer(256);
        byte[] in = bytes("\u0000\u00ff\u00fe\r\n\u0000O\u00ffK\u0007\r\n  +CEREG: 1 \t\r\n\u001b\u0080\r\n");
        assertThat(framer.feed(in, 0, in.length)).containsExactly("OK", "+CEREG: 1");
    }

    @Test
    void utf8TextIsKept() {
        AtLineFramer framer = new AtLineFramer(256);
        byte[] in = "%XMONITOR: 1,\"Telekom Österreich\"\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(framer.feed(in, 0, in.length)).containsExactly("%XMONITOR: 1,\"Telekom Österreich\"");
    }

    @Test
    void anOverlongLineIsDroppedUpToItsTerminator() {
        AtLineFramer framer = new AtLineFramer(16);
        byte[] in = bytes("0123456789abcdefXYZ and more\r\nOK\r\n");
        assertThat(framer.feed(in, 0, in.length)).containsExactly("OK");
        assertThat(framer.droppedLines()).isEqualTo(1);
    }
}
