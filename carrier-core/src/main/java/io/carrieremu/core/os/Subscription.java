package io.carrieremu.core.os;

/**
 * A registered listener (AT notifications, SMS). {@link #close()} removes it: after close returns, the
 * listener is not called again, unless a call already in progress on another thread finishes.
 * Closing twice is harmless.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
