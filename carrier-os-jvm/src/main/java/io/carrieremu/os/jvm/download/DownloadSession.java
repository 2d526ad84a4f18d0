package io.carrieremu.os.jvm.download;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.DownloadEvent;
import io.carrieremu.core.os.DownloadListener;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download's event delivery and cancellation. Events go to the listener on the download thread, or
 * through the embedder's executor (the download thread then waits for each fragment's verdict, so
 * fragments stay in order and {@code false} stops the download).
 */
final class DownloadSession {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadSession.class);

    /** Why a download stopped early. */
    static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final Errno errno;

        Stop(Errno errno, String message) {
            super(message, null, false, false);
            this.errno = errno;
        }
    }

    private final DownloadListener listener;
    private final Executor events;
    private final LongConsumer fileSize;
    private volatile boolean cancelled;
    private volatile boolean ended;
    private volatile Closeable abort;

    DownloadSession(DownloadListener listener, Executor events, LongConsumer fileSize) {
        this.listener = listener;
        this.events = events;
        this.fileSize = fileSize;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** What {@link #cancel()} closes to break a blocked read (the response body, the endpoint). */
    void abortWith(Closeable closeable) {
        this.abort = closeable;
        if (cancelled) {
            closeQuietly(closeable);
        }
    }

    void cancel() {
        cancelled = true;
        closeQuietly(abort);
    }

    void fileSize(long size) {
        fileSize.accept(size);
    }

    /**
     * Delivers a fragment.
     *
     * @return false if the listener stopped the download (or it was cancelled)
     */
    boolean fragment(byte[] data) {
        if (cancelled) {
            return false;
        }
        Boolean verdict = deliver(new DownloadEvent.Fragment(data));
        return verdict != null && verdict && !cancelled;
    }

    /** True once the end (Closed) was delivered. */
    boolean ended() {
        return ended;
    }

    /** Delivers the end: Done or Failed (not after a cancel), then Closed. */
    void finish(Errno failure) {
        if (ended) {
            return;
        }
        ended = true;
        if (!cancelled) {
            deliver(failure == null ? new DownloadEvent.Done() : new DownloadEvent.Failed(failure));
        }
        deliver(new DownloadEvent.Closed());
    }

    /** Delivers Closed only (the listener or a cancel stopped the download). */
    void closed() {
        if (ended) {
            return;
        }
        ended = true;
        deliver(new DownloadEvent.Closed());
    }

    private Boolean deliver(DownloadEvent event) {
        if (events == null) {
            return call(event);
        }
        CompletableFuture<Boolean> verdict = new CompletableFuture<>();
        try {
            events.execute(() -> verdict.complete(call(event)));
        } catch (RejectedExecutionException e) {
            LOG.warn("download event {} dropped: the event executor refused it", event);
            return false;
        }
        if (!(event instanceof DownloadEvent.Fragment)) {
            return true;
        }
        while (true) {
            try {
                return verdict.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancelled) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return false;
            }
        }
    }

    private boolean call(DownloadEvent event) {
        try {
            return listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("download listener failed on {}", event, e);
            return false;
        }
    }

    static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing: {}", e.toString());
        }
    }
}
