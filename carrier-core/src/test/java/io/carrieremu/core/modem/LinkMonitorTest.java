package io.carrieremu.core.modem;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtNotificationListener;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.Subscription;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registration state from {@code AT+CEREG?}, whatever else the answer carries. */
class LinkMonitorTest {

    /** A modem that answers AT+CEREG? with the given lines. */
    private static AtChannel answering(String... lines) {
        return new AtChannel() {
            @Override
            public AtResponse send(String command, Duration timeout) {
                return AtResponse.ok(List.of(lines));
            }

            @Override
            public Subscription subscribe(String prefix, AtNotificationListener listener) {
                return () -> { };
            }
        };
    }

    private static LinkMonitor activeOn(AtChannel at) {
        LinkMonitor link = new LinkMonitor(at);
        link.cfun(ModemMode.LTE_ACTIVATED);
        return link;
    }

    @Test
    void theReadAnswerGivesTheState() {
        assertThat(activeOn(answering("+CEREG: 5,1,\"2F02\",\"00B7F901\",7")).poll()).isTrue();
        assertThat(activeOn(answering("+CEREG: 5,2")).poll()).isFalse();
        LinkMonitor roaming = activeOn(answering("+CEREG: 5,5,\"2F02\",\"00B7F901\",7"));
        assertThat(roaming.poll()).isTrue();
        assertThat(roaming.roaming()).isTrue();
    }

    @Test
    void aNotificationThatCameWithTheAnswerCountsToo() {
        // A +CEREG notification sent while the command ran lands among the answer's lines (same prefix).
        assertThat(activeOn(answering("+CEREG: 1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"")).poll()).isTrue();
        assertThat(activeOn(answering("+CEREG: 5,2", "+CEREG: 1,\"2F02\",\"00B7F901\",7")).poll()).isTrue();
        assertThat(activeOn(answering("+CEREG: 2")).poll()).isFalse();
    }

    @Test
    void aMalformedLineIsSkipped() {
        assertThat(activeOn(answering("+CEREG: \"x\"", "+CEREG: 5,1")).poll()).isTrue();
    }
}
