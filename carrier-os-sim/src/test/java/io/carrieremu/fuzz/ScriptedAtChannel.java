package io.carrieremu.fuzz;

import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtNotificationListener;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * An {@link AtChannel} whose answers a fuzzer generates. It counts the commands sent and fails the try
 * when a reader sends more than {@code maxCommands} — a reader that loops on a hostile answer.
 */
final class ScriptedAtChannel implements AtChannel {

    private final Function<String, AtResponse> answers;
    private final int maxCommands;
    private int sent;

    ScriptedAtChannel(Function<String, AtResponse> answers, int maxCommands) {
        this.answers = answers;
        this.maxCommands = maxCommands;
    }

    /** Commands sent so far. */
    int sent() {
        return sent;
    }

    @Override
    public AtResponse send(String command, Duration timeout) {
        if (++sent > maxCommands) {
            throw new AssertionError("more than " + maxCommands + " AT commands: the reader does not stop");
        }
        AtResponse answer = answers.apply(command);
        return answer != null ? answer : AtResponse.error();
    }

    @Override
    public Subscription subscribe(String prefix, AtNotificationListener listener) {
        return () -> { };
    }

    /** {@code OK} after {@code lines}. */
    static AtResponse ok(List<String> lines) {
        return AtResponse.ok(lines);
    }
}
