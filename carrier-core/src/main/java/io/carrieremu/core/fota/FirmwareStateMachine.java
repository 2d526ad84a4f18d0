package io.carrieremu.core.fota;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The State ({@code /5/0/3}) and Update Result ({@code /5/0/5}) of the Firmware Update object, and the
 * only place they change: every move is checked against the LwM2M object's state diagram (OMA
 * LwM2M 1.1 §E.6, object 5) and logged with its reason.
 *
 * <pre>
 * IDLE ─download or push starts (result 0)→ DOWNLOADING ─image complete (0)→ DOWNLOADED ─Update (0)→ UPDATING
 * DOWNLOADING ─failure (2..7, 9) or reset (0)→ IDLE;  DOWNLOADING → DOWNLOADING (resumed; result stays 0)
 * DOWNLOADED ─reset (0) or failure→ IDLE;  UPDATING ─success (1) or failure (8)→ IDLE;  UPDATING ─failure (8)→ DOWNLOADED
 * IDLE → IDLE with any result (a URI refused before any download, a reset)
 * </pre>
 *
 * <p>A move the diagram does not allow is a programming error ({@link IllegalStateException}); nothing
 * changes then. Not thread-safe: its owner ({@link FirmwareUpdate}) holds its own lock.
 */
public final class FirmwareStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareStateMachine.class);

    /** Where each state may go. */
    private static final Map<FirmwareState, Set<FirmwareState>> MOVES = new EnumMap<>(FirmwareState.class);

    static {
        MOVES.put(FirmwareState.IDLE, EnumSet.of(FirmwareState.IDLE, FirmwareState.DOWNLOADING));
        MOVES.put(FirmwareState.DOWNLOADING, EnumSet.of(FirmwareState.DOWNLOADING, FirmwareState.DOWNLOADED, FirmwareState.IDLE));
        MOVES.put(FirmwareState.DOWNLOADED, EnumSet.of(FirmwareState.UPDATING, FirmwareState.IDLE));
        MOVES.put(FirmwareState.UPDATING, EnumSet.of(FirmwareState.IDLE, FirmwareState.DOWNLOADED));
    }

    /** The results a state may be entered with (from a given state where that matters). */
    private static boolean resultFits(FirmwareState from, FirmwareState to, UpdateResult result) {
        return switch (to) {
            case DOWNLOADING, DOWNLOADED, UPDATING -> result == UpdateResult.INITIAL
                    || (from == FirmwareState.UPDATING && to == FirmwareState.DOWNLOADED && result == UpdateResult.UPDATE_FAILED);
            case IDLE -> switch (result) {
                case SUCCESS, UPDATE_FAILED -> from == FirmwareState.UPDATING || from == FirmwareState.IDLE;
                default -> from != FirmwareState.UPDATING || result == UpdateResult.INITIAL;
            };
        };
    }

    private FirmwareState state = FirmwareState.IDLE;
    private UpdateResult result = UpdateResult.INITIAL;

    /** A machine in Idle with result 0. */
    public FirmwareStateMachine() {
    }

    /**
     * Takes the state and result stored before a reboot: not a move (the move that led there was checked
     * when it happened), so any pair is taken.
     */
    public void restore(FirmwareState stored, UpdateResult storedResult) {
        this.state = Objects.requireNonNull(stored, "stored");
        this.result = Objects.requireNonNull(storedResult, "storedResult");
    }

    /** The current state. */
    public FirmwareState state() {
        return state;
    }

    /** The current result. */
    public UpdateResult result() {
        return result;
    }

    /** True if the diagram allows moving from {@code from} to {@code to} with {@code result}. */
    public static boolean allowed(FirmwareState from, FirmwareState to, UpdateResult result) {
        return MOVES.get(from).contains(to) && resultFits(from, to, result);
    }

    /**
     * Moves to {@code to} with {@code newResult}.
     *
     * @param why for the log
     * @throws IllegalStateException if the object's diagram does not allow the move; nothing changed
     */
    public void move(FirmwareState to, UpdateResult newResult, String why) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(newResult, "newResult");
        if (!allowed(state, to, newResult)) {
            throw new IllegalStateException("firmware update cannot go from " + state + " to " + to + " with result "
                    + newResult + " (" + why + ")");
        }
        LOG.info("firmware update {} -> {}, result {}: {}", state, to, newResult.code(), why);
        state = to;
        result = newResult;
    }
}
