package io.carrieremu.core.uicc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtNotificationListener;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The UICC reader's limits hold while it reads: a card announcing a huge file, or one that sends more
 * than it was asked for, is refused with {@code E2BIG} after a bounded number of APDUs.
 */
class UiccBootstrapReaderLimitsTest {

    /** A card with an ODF and DODF pointing at 6432, whose bootstrap file FCP says {@code announced}. */
    private static final class LyingCard implements AtChannel {
        final List<String> apdus = new ArrayList<>();
        private final String bootstrapFcp;
        private String selected = "";

        LyingCard(String bootstrapFcp) {
            this.bootstrapFcp = bootstrapFcp;
        }

        @Override
        public AtResponse send(String command, Duration timeout) {
            String apdu = command.substring(command.indexOf('"') + 1, command.lastIndexOf('"'));
            apdus.add(apdu);
            String answer;
            if (apdu.startsWith("00700000")) {
                answer = "019000";
            } else if (apdu.startsWith("01A40404")) {
                answer = "9000";
            } else if (apdu.startsWith("01A40804047FFF")) {
                selected = apdu.substring(14, 18);
                answer = selected.equals("6432") ? bootstrapFcp + "9000" : "9000";
            } else if (apdu.startsWith("01B0")) {
                answer = switch (selected) {
                    case "5031" -> "A706300404026430" + "9000";
                    case "6430" -> "A110A10E300C0604672B0901300404026432" + "9000";
                    default -> "00".repeat(256) + "9000";
                };
            } else {
                answer = "9000";
            }
            return AtResponse.ok(List.of("+CSIM: " + answer.length() + ",\"" + answer + "\""));
        }

        @Override
        public Subscription subscribe(String prefix, AtNotificationListener listener) {
            return () -> { };
        }
    }

    @Test
    void aFileAnnouncedLargerThanTheLimitIsRefusedBeforeItsFirstRead() {
        LyingCard card = new LyingCard("6206800400FFFFFF");
        assertThatThrownBy(() -> new UiccBootstrapReader(card).read(4096))
                .isInstanceOf(OsException.class)
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.E2BIG));
        assertThat(card.apdus).as("no READ BINARY of the bootstrap file").hasSize(8).last().isEqualTo("01708001");
    }

    @Test
    void aCardSendingMoreThanItWasAskedForIsRefused() {
        LyingCard card = new LyingCard("62048002000A");
        assertThatThrownBy(() -> new UiccBootstrapReader(card).read(4096))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.E2BIG));
    }

    @Test
    void aFileOfExactlyTheLimitIsReadInBoundedSteps() throws Exception {
        LyingCard card = new LyingCard("620480021000");
        assertThat(new UiccBootstrapReader(card).read(4096)).hasValueSatisfying(record -> assertThat(record).hasSize(4096));
        assertThat(card.apdus).hasSize(2 + 2 + 2 + 1 + 16 + 1);
    }

    @Test
    void anOverlongCsimAnswerIsRefusedWithoutEchoingIt() {
        AtChannel chatty = new AtChannel() {
            @Override
            public AtResponse send(String command, Duration timeout) {
                String hex = "C0FFEE".repeat(10_000) + "9000";
                return AtResponse.ok(List.of("+CSIM: " + hex.length() + ",\"" + hex + "\""));
            }

            @Override
            public Subscription subscribe(String prefix, AtNotificationListener listener) {
                return () -> { };
            }
        };
        assertThatThrownBy(() -> new UiccBootstrapReader(chatty).read(4096))
                .isInstanceOf(OsException.class)
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.EIO))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("C0FFEE"));
    }
}
