package io.carrieremu.os.jvm.at;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtNotificationListener;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Subscription;
import io.carrieremu.os.jvm.scheduler.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AtChannel} to a real modem over an {@link AtTransport} (TCP or a serial port). The same core
 * serves both: an I/O thread reads the stream, an {@link AtLineFramer} cuts it into clean lines, and
 * {@link AtLines} tells final results, information lines and unsolicited notifications apart.
 *
 * <ul>
 *   <li>One command is on the wire at a time; callers queue in arrival order.
 *   <li>A command ends with {@code OK}, {@code ERROR}, {@code +CME ERROR: n} or {@code +CMS ERROR: n}.
 *   <li>The echo of the command (ATE1) is dropped.
 *   <li>A URC arriving in the middle of a response goes to the subscribers, not into the response.
 *   <li>No final result within the timeout: {@code ETIMEDOUT}. A final result that arrives after its
 *       command gave up, while no command waits, is dropped. (One that arrives after the next command
 *       was sent cannot be told from that command's own: the modem does not tag its answers.)
 *   <li>When the connection drops (the modem resets, the port vanishes, the TCP peer closes), the
 *       waiting command fails with {@code EIO} naming the command and the link, and the channel
 *       reconnects with doubling back-off; commands sent meanwhile wait for the connection up to their
 *       timeout, then fail with {@code EIO}.
 * </ul>
 *
 * <p>Threads: notifications and connection events are delivered on one daemon notification thread,
 * in the order the modem sent them; the I/O thread is a daemon too. {@link #close()} stops both.
 */
public final class ModemAtChannel implements AtChannel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModemAtChannel.class);
    private static final int READ_BUFFER = 1024;

    private final AtTransport transport;
    private final AtChannelOptions options;
    private final ReentrantLock sendLock = new ReentrantLock(true);
    private final Object state = new Object();
    private final List<Sub> subscribers = new CopyOnWriteArrayList<>();
    private final List<Runnable> connectionListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier;
    private final Thread io;
    private AtTransport.Connection connection;
    private Pending pending;
    private boolean closed;
    private long connections;
    private long strayFinals;

    private record Sub(String prefix, AtNotificationListener listener) {
    }

    /** The command waiting for its final result. */
    private static final class Pending {
        final String command;
        final String label;
        final List<String> names;
        final List<String> lines = new ArrayList<>();
        final CompletableFuture<AtResponse> result = new CompletableFuture<>();
        boolean answered;

        Pending(String command) {
            this.command = command;
            this.label = AtLines.redact(command);
            this.names = AtLines.commandNames(command);
        }
    }

    private ModemAtChannel(AtTransport transport, AtChannelOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        this.notifier = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DaemonThreads("at-notify"));
        this.io = DaemonThreads.thread("at-io " + transport.describe(), this::ioLoop);
    }

    /**
     * Opens a channel over {@code transport} and starts connecting in the background; it does not wait
     * for the modem.
     */
    public static ModemAtChannel open(AtTransport transport, AtChannelOptions options) {
        ModemAtChannel channel = new ModemAtChannel(transport, options);
        channel.io.start();
        return channel;
    }

    /** {@link #open(AtTransport, AtChannelOptions)} with {@link AtChannelOptions#DEFAULTS}. */
    public static ModemAtChannel open(AtTransport transport) {
        return open(transport, AtChannelOptions.DEFAULTS);
    }

    /** A channel to a modem served on TCP {@code host:port}. */
    public static ModemAtChannel tcp(String host, int port) {
        return open(new TcpAtTransport(host, port));
    }

    /** A channel to a modem on a serial port. */
    public static ModemAtChannel serial(SerialSettings settings) {
        return open(new SerialAtTransport(settings));
    }

    /** What this channel talks to. */
    public AtTransport transport() {
        return transport;
    }

    /** True while a connection to the modem is open. */
    public boolean isConnected() {
        synchronized (state) {
            return connection != null;
        }
    }

    /** Connections made so far (1 after the first, 2 after one reconnection, …). */
    public long connectionCount() {
        synchronized (state) {
            return connections;
        }
    }

    /** Final results dropped because no command waited for them (answers that came after a timeout). */
    public long strayFinalResults() {
        synchronized (state) {
            return strayFinals;
        }
    }

    /**
     * Waits until the channel is connected.
     *
     * @return true if connected within {@code timeout}
     */
    public boolean awaitConnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            while (connection == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(state, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return connection != null;
        }
    }

    /**
     * Calls {@code listener} after every (re)connection, on the notification thread, after the
     * notifications that arrived before it: the modem may have reset, so settings made with AT
     * (subscriptions, {@code +CMEE}) may be gone. The listener must not block or call {@link #send}.
     *
     * @return a handle whose {@code close()} removes the listener
     */
    public Subscription onConnected(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        connectionListeners.add(listener);
        return () -> connectionListeners.remove(listener);
    }

    /**
     * Sends one command and waits for its final result.
     *
     * @throws OsException {@code ETIMEDOUT} no final result within {@code timeout} (waiting for the
     *     channel counts too); {@code EIO} no connection to the modem within the timeout, the write
     *     failed, or the connection dropped before the answer; {@code ECANCELED} the channel is closed
     * @throws IllegalArgumentException if {@code command} contains a line break
     */
    @Override
    public AtResponse send(String command, Duration timeout) throws OsException {
        Objects.requireNonNull(command, "command");
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an AT command is one line");
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        String label = AtLines.redact(command);
        try {
            if (!sendLock.tryLock(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                throw new OsException(Errno.ETIMEDOUT, label + ": the channel stayed busy for " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OsException(Errno.ECANCELED, label + ": interrupted while waiting for the channel");
        }
        try {
            return exchange(command, timeout, deadline);
        } finally {
            sendLock.unlock();
        }
    }

    private AtResponse exchange(String command, Duration timeout, long deadline) throws OsException {
        Pending wait = new Pending(command);
        AtTransport.Connection link;
        synchronized (state) {
            while (connection == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new OsException(Errno.EIO, wait.label + ": no connection to the modem (" + transport.describe() + ")");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(state, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OsException(Errno.ECANCELED, wait.label + ": interrupted while waiting for the modem");
                }
            }
            if (closed) {
                throw new OsException(Errno.ECANCELED, wait.label + ": the AT channel is closed");
            }
            link = connection;
            pending = wait;
        }
        try {
            OutputStream out = link.output();
            out.write((command + options.terminator()).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            synchronized (state) {
                if (pending == wait) {
                    pending = null;
                }
            }
            link.close();
            throw new OsException(Errno.EIO, wait.label + ": writing to the modem failed (" + transport.describe() + ")", e);
        }
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            return wait.result.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            synchronized (state) {
                if (pending == wait) {
                    pending = null;
                }
            }
            if (wait.result.isDone()) {
                return outcome(wait);
            }
            throw new OsException(Errno.ETIMEDOUT, wait.label + ": no final result within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (state) {
                if (pending == wait) {
                    pending = null;
                }
            }
            throw new OsException(Errno.ECANCELED, wait.label + ": interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    private static AtResponse outcome(Pending wait) throws OsException {
        try {
            return wait.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OsException(Errno.ECANCELED, wait.label + ": interrupted");
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    private static OsException failure(ExecutionException e) {
        if (e.getCause() instanceof OsException os) {
            return new OsException(os.errno(), os.getMessage().replaceFirst(" \\(-[A-Z0-9]+\\)$", ""), os);
        }
        return new OsException(Errno.EIO, "the AT channel failed", e.getCause());
    }

    /**
     * Calls {@code listener} for every notification that starts with {@code prefix}, on the
     * notification thread, in the order the modem sent them.
     */
    @Override
    public Subscription subscribe(String prefix, AtNotificationListener listener) {
        Sub sub = new Sub(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(listener, "listener"));
        subscribers.add(sub);
        return () -> subscribers.remove(sub);
    }

    /**
     * Closes the connection and stops the threads; a waiting command fails with {@code ECANCELED}, and so
     * does every later {@link #send}. Harmless twice.
     */
    @Override
    public void close() {
        AtTransport.Connection link;
        Pending wait;
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            link = connection;
            connection = null;
            wait = pending;
            pending = null;
            state.notifyAll();
        }
        if (wait != null) {
            wait.result.completeExceptionally(new OsException(Errno.ECANCELED, wait.label + ": the AT channel was closed"));
        }
        if (link != null) {
            link.close();
        }
        io.interrupt();
        notifier.shutdown();
    }

    // ------------------------------------------------------------------ I/O thread

    private void ioLoop() {
        Duration backoff = options.reconnectMin();
        boolean reportedDown = false;
        AtLineFramer framer = new AtLineFramer(options.maxLineLength());
        while (true) {
            AtTransport.Connection link;
            try {
                link = transport.connect();
            } catch (IOException e) {
                if (!reportedDown) {
                    LOG.warn("modem not reachable on {}: {}; retrying", transport.describe(), e.getMessage());
                    reportedDown = true;
                } else {
                    LOG.debug("modem still not reachable on {}: {}", transport.describe(), e.getMessage());
                }
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(options.reconnectMax()) > 0 ? options.reconnectMax() : backoff.multipliedBy(2);
                continue;
            }
            synchronized (state) {
                if (closed) {
                    link.close();
                    return;
                }
                connection = link;
                connections++;
                state.notifyAll();
            }
            LOG.info("AT channel connected: {}", transport.describe());
            reportedDown = false;
            backoff = options.reconnectMin();
            framer.reset();
            dispatch(() -> connectionListeners.forEach(ModemAtChannel::runListener));
            String why = read(link, framer);
            Pending dropped;
            synchronized (state) {
                if (connection == link) {
                    connection = null;
                }
                dropped = pending;
                pending = null;
                if (closed) {
                    link.close();
                    return;
                }
            }
            link.close();
            LOG.warn("AT channel lost ({}): {}; reconnecting", transport.describe(), why);
            if (dropped != null) {
                dropped.result.completeExceptionally(new OsException(Errno.EIO, dropped.label
                        + ": the connection to the modem dropped before the answer (" + transport.describe() + ": " + why + ")"));
            }
            if (!pause(options.reconnectMin())) {
                return;
            }
        }
    }

    /** Reads until the connection ends; returns why it ended. */
    private String read(AtTransport.Connection link, AtLineFramer framer) {
        byte[] buffer = new byte[READ_BUFFER];
        InputStream in = link.input();
        try {
            while (true) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return "end of stream";
                }
                for (String line : framer.feed(buffer, 0, n)) {
                    onLine(line);
                }
                synchronized (state) {
                    if (closed) {
                        return "closed";
                    }
                }
            }
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("AT channel reader failed; reconnecting", e);
            return "reader failure: " + e;
        }
    }

    private boolean pause(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (state) {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(state, left);
                } catch (InterruptedException e) {
                    return !closed;
                }
            }
            return false;
        }
    }

    private void onLine(String line) {
        Pending wait;
        AtResponse done = null;
        synchronized (state) {
            wait = pending;
            if (wait != null) {
                if (!wait.answered && AtLines.isEcho(line, wait.command)) {
                    wait.answered = true;
                    LOG.trace("echo dropped: {}", wait.label);
                    return;
                }
                Optional<AtResponse> result = AtLines.finalResult(line, wait.lines);
                if (result.isPresent()) {
                    done = result.get();
                    pending = null;
                } else if (!AtLines.isNotificationDuring(line, wait.names)) {
                    wait.lines.add(line);
                    wait.answered = true;
                    return;
                }
            } else if (AtLines.isFinal(line)) {
                strayFinals++;
                LOG.debug("final result '{}' with no command waiting (an answer that came too late) dropped", line);
                return;
            }
        }
        if (done != null) {
            wait.result.complete(done);
            return;
        }
        notifyLine(line);
    }

    private void notifyLine(String line) {
        dispatch(() -> {
            for (Sub sub : subscribers) {
                if (line.startsWith(sub.prefix())) {
                    try {
                        sub.listener().onNotification(line);
                    } catch (RuntimeException e) {
                        LOG.error("notification listener for '{}' failed", sub.prefix(), e);
                    }
                }
            }
        });
    }

    private void dispatch(Runnable task) {
        try {
            notifier.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("channel closed; notification dropped");
        }
    }

    private static void runListener(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.error("connection listener failed", e);
        }
    }

    @Override
    public String toString() {
        return "ModemAtChannel[" + transport.describe() + "]";
    }
}
