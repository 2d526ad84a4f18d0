package io.carrieremu.os.jvm;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.os.LwM2mOs;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the library on a {@link JvmOs} and makes a reboot what it is on a device: the running instance
 * stops, its OS layer is closed, and a new OS layer (same files, same modem) and a new library
 * instance start — the JVM backend's default meaning of {@code lwm2m_os_sys_reset}.
 *
 * <p>Thread-safe. A restart happens on the reboot thread, never on a library thread.
 */
public final class JvmCarrierRunner implements AutoCloseable {

    /** How long a restart waits for the old instance to stop. */
    public static final long STOP_WAIT_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(JvmCarrierRunner.class);

    private final JvmOs.Builder osBuilder;
    private final Function<LwM2mOs, LwM2mCarrier> factory;
    private JvmOs os;
    private LwM2mCarrier carrier;
    private CompletableFuture<MainResult> running;
    private int boots;
    private boolean closed;

    private JvmCarrierRunner(JvmOs.Builder osBuilder, Function<LwM2mOs, LwM2mCarrier> factory) {
        this.osBuilder = osBuilder;
        this.factory = factory;
    }

    /**
     * Builds the OS (its reboot action set to restart through this runner), creates the library with
     * {@code factory} and starts it.
     *
     * @param factory makes a library instance on the OS it is given; called again at every reboot
     * @throws IOException if the OS cannot be built
     */
    public static JvmCarrierRunner start(JvmOs.Builder osBuilder, Function<LwM2mOs, LwM2mCarrier> factory) throws IOException {
        Objects.requireNonNull(osBuilder, "osBuilder");
        Objects.requireNonNull(factory, "factory");
        JvmCarrierRunner runner = new JvmCarrierRunner(osBuilder, factory);
        osBuilder.rebootAction(runner::restart);
        synchronized (runner) {
            runner.boot();
        }
        return runner;
    }

    private void boot() throws IOException {
        os = osBuilder.build();
        carrier = factory.apply(os);
        boots++;
        LOG.info("carrier instance {} starting", boots);
        running = carrier.start();
    }

    /** The running library instance. */
    public synchronized LwM2mCarrier carrier() {
        return carrier;
    }

    /** The running instance's OS layer. */
    public synchronized JvmOs os() {
        return os;
    }

    /** How many instances were started (1 + reboots). */
    public synchronized int boots() {
        return boots;
    }

    /** What the running instance's {@code main()} returned, once it stopped. */
    public synchronized CompletableFuture<MainResult> result() {
        return running;
    }

    /** The reboot: stop and close the running instance, then start a new one. */
    private synchronized void restart() {
        if (closed) {
            return;
        }
        stopRunning();
        try {
            boot();
        } catch (IOException | RuntimeException e) {
            LOG.error("the carrier instance could not be restarted after a reboot", e);
        }
    }

    private void stopRunning() {
        carrier.close();
        try {
            running.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the carrier instance did not stop within {} s; closing its OS layer anyway", STOP_WAIT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.debug("the carrier instance ended with {}", e.getCause().toString());
        }
        os.close();
    }

    /** Stops the running instance and closes its OS layer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopRunning();
    }
}
