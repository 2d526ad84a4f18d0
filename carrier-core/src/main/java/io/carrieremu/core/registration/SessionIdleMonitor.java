package io.carrieremu.core.registration;

import io.carrieremu.core.client.ServerConnection;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The carrier library's {@code session_idle_timeout} for one server: after that long without traffic
 * the DTLS session is closed (close_notify) and the next request opens a new one — unless the session
 * uses a DTLS Connection ID, which lets the server reach the device after NAT rebinding, so the session
 * stays. Scandium's own idle timer ignores CID, so the rule lives here.
 *
 * <p>Traffic is reported from the network's threads; everything else runs on the work queue.
 */
final class SessionIdleMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(SessionIdleMonitor.class);

    private final LwM2mOs os;
    private final WorkQueue queue;
    private final Executor post;
    private final OsTimer timer;
    private final Optional<Duration> idle;
    private final String name;
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile ServerConnection connection;

    /** @param timer a timer whose handler calls {@link #fire()} */
    SessionIdleMonitor(LwM2mOs os, WorkQueue queue, Executor post, OsTimer timer, Optional<Duration> idle, String name) {
        this.os = os;
        this.queue = queue;
        this.post = post;
        this.timer = timer;
        this.idle = idle;
        this.name = name;
    }

    /** Watches {@code value} (null: nothing). */
    void watch(ServerConnection value) {
        this.connection = value;
        armed.set(false);
        timer.cancel(false);
        if (value != null && idle.isPresent()) {
            value.monitor().onActivity(this::activity);
        }
    }

    private void activity() {
        if (idle.isPresent() && armed.compareAndSet(false, true)) {
            post.execute(() -> timer.start(queue, idle.get()));
        }
    }

    /** The timer ran out: close the session if it really was idle that long. */
    void fire() {
        ServerConnection current = connection;
        if (current == null || idle.isEmpty()) {
            return;
        }
        long idleFor = os.scheduler().uptimeMillis() - current.monitor().lastActivityMillis();
        if (idleFor < idle.get().toMillis()) {
            timer.start(queue, idle.get().minusMillis(idleFor));
            return;
        }
        armed.set(false);
        if (!current.sessionOpen()) {
            return;
        }
        if (current.connectionIdInUse()) {
            LOG.debug("session with {} idle for {} ms; kept open (Connection ID)", name, idleFor);
            return;
        }
        LOG.info("closing the DTLS session with {} after {} s without traffic", name, idleFor / 1000);
        current.closeSession(os.scheduler().stackExecutor(), 2000, () -> { });
    }

    void close() {
        connection = null;
        timer.close();
    }
}
