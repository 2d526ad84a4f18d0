package io.carrieremu.os.sim.clock;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * A way into a simulated world for one sender outside it: a real thread (a download over real sockets
 * from a real server) handing the world what it produced, one item at a time. Made with
 * {@link VirtualClock#openInlet(String)} by code running in the world.
 *
 * <p>Why it keeps runs deterministic: from the moment the inlet is opened, the sender <em>owes</em>
 * the world an item — it is working in real time, and what it will deliver is part of the world's
 * future. While a sender owes an item, the world does not let virtual time pass: at an idle point
 * (nothing runnable or due at the current instant) the clock waits for the item instead of jumping to
 * the next timeline event, and items that arrived while the world was busy are taken only at such an
 * idle point. So an item enters the world at the same virtual instant and in the same place among the
 * world's tasks however fast the real machine is; only "how long the real sender took" is invisible.
 * Once an item is in the world the sender owes nothing while it waits for the world's answer
 * ({@link #call}) or after its last item ({@link #send} with {@code last}); then time moves as usual.
 *
 * <p>Pacing: with {@link #pace(long)} each item's bytes take virtual time (bytes per virtual second),
 * so a transfer has a virtual duration and the world's timers run during it; by default items enter
 * at the instant they are taken.
 *
 * <p>{@link #close()} (from the world, e.g. a device that reboots) ends the inlet: the sender owes
 * nothing more, items not yet run are dropped, a sender waiting in {@link #call} gets an empty answer,
 * and later sends are refused. Thread-safe.
 */
public final class Inlet implements AutoCloseable {

    /** An item received from the sender. */
    private record Item(long bytes, boolean last, Runnable action) {
    }

    private final VirtualClock clock;
    private final String name;
    private final ArrayDeque<Item> arrived = new ArrayDeque<>();
    private final List<CompletableFuture<?>> waiting = new ArrayList<>();
    private boolean owed = true;
    private boolean ended;
    private boolean closed;
    private long bytesPerSecond;
    private long lastAtNanos;

    Inlet(VirtualClock clock, String name) {
        this.clock = clock;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The inlet's name, for diagnostics. */
    public String name() {
        return name;
    }

    /** Items take {@code bytesPerSecond} of virtual time per byte from now on; 0 (the default): no time. */
    public void pace(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative rate " + bytesPerSecond);
        }
        synchronized (clock.lock) {
            this.bytesPerSecond = bytesPerSecond;
        }
    }

    /**
     * Hands the world an item the sender does not wait for; on the sender's thread. The action runs in
     * the world later.
     *
     * @param bytes how many bytes the item carries (for pacing)
     * @param last true if the sender sends nothing after it: the inlet ends
     * @throws RejectedExecutionException if the inlet is closed or has ended
     */
    public void send(long bytes, boolean last, Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (clock.lock) {
            rejectIfDoneLocked();
            arrived.add(new Item(bytes, last, action));
            if (last) {
                ended = true;
                owed = false;
            }
            clock.lock.notifyAll();
        }
    }

    /**
     * Hands the world an item and waits until the world has run it; on the sender's thread (never on a
     * world thread). While the sender waits it owes the world nothing; once the action has run it owes
     * the next item.
     *
     * @param bytes how many bytes the item carries (for pacing)
     * @return the action's result, or empty if the inlet was closed before it ran
     * @throws RejectedExecutionException if the inlet is closed or has ended
     * @throws IllegalStateException if called on a thread that runs the world
     */
    public <T> Optional<T> call(long bytes, Supplier<T> action) {
        Objects.requireNonNull(action, "action");
        if (clock.isWorldThread()) {
            throw new IllegalStateException("a task of the simulated world cannot wait for it");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (clock.lock) {
            rejectIfDoneLocked();
            waiting.add(result);
            arrived.add(new Item(bytes, false, () -> {
                T value;
                try {
                    value = action.get();
                } catch (RuntimeException | Error e) {
                    synchronized (clock.lock) {
                        owed = !closed && !ended;
                        waiting.remove(result);
                    }
                    result.completeExceptionally(e);
                    throw e;
                }
                synchronized (clock.lock) {
                    // The sender goes on working from here: it owes the world its next item.
                    owed = !closed && !ended;
                    waiting.remove(result);
                }
                result.complete(value);
            }));
            owed = false;
            clock.lock.notifyAll();
        }
        try {
            return Optional.ofNullable(result.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InletClosed) {
                return Optional.empty();
            }
            throw new IllegalStateException("failed inside the simulated world: " + e.getCause(), e.getCause());
        }
    }

    private void rejectIfDoneLocked() {
        if (closed || ended) {
            throw new RejectedExecutionException("inlet " + name + (closed ? " is closed" : " has ended"));
        }
    }

    /** True once the last item was received or the inlet was closed. */
    public boolean isDone() {
        synchronized (clock.lock) {
            return closed || ended;
        }
    }

    /** Ends the inlet from the world's side; see the class comment. Harmless when repeated. */
    @Override
    public void close() {
        List<CompletableFuture<?>> abandoned;
        synchronized (clock.lock) {
            if (closed) {
                return;
            }
            closed = true;
            owed = false;
            arrived.clear();
            clock.purgeLocked(owner -> owner == this);
            clock.forgetInletLocked(this);
            abandoned = List.copyOf(waiting);
            waiting.clear();
            clock.lock.notifyAll();
        }
        abandoned.forEach(future -> future.completeExceptionally(new InletClosed()));
    }

    // ------------------------------------------------------------------ the clock's side (caller holds the lock)

    /** Moves what arrived onto the timeline, paced; true if anything moved. */
    boolean admitLocked() {
        if (arrived.isEmpty()) {
            return false;
        }
        while (!arrived.isEmpty()) {
            Item item = arrived.poll();
            long now = clock.nowNanosLocked();
            long cost = bytesPerSecond == 0 ? 0 : Duration.ofSeconds(item.bytes()).toNanos() / bytesPerSecond;
            long at = VirtualClock.saturatedAdd(Math.max(now, lastAtNanos), cost);
            lastAtNanos = at;
            clock.scheduleLocked(at - now, "inlet " + name, this, () -> {
                synchronized (clock.lock) {
                    if (closed) {
                        return;
                    }
                }
                item.action().run();
            });
        }
        if (ended) {
            clock.forgetInletLocked(this);
        }
        return true;
    }

    /** True while the sender owes the world an item that has not arrived. */
    boolean owesLocked() {
        return owed && arrived.isEmpty() && !closed;
    }

    @Override
    public String toString() {
        return "Inlet[" + name + "]";
    }

    /** Why a waiting sender got no answer. */
    private static final class InletClosed extends Exception {
        private static final long serialVersionUID = 1L;

        InletClosed() {
            super("the inlet was closed", null, false, false);
        }
    }
}
