package io.carrieremu.os.jvm.system;

import io.carrieremu.core.os.SystemControl;
import io.carrieremu.os.jvm.scheduler.DaemonThreads;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SystemControl} that hands a reboot to the embedder's {@link RebootAction} on a new daemon thread
 * and returns at once (the caller, a library work queue, must do nothing more afterwards; the action may
 * close the library, which waits for that queue).
 */
public final class JvmSystemControl implements SystemControl {

    private static final Logger LOG = LoggerFactory.getLogger(JvmSystemControl.class);

    private final RebootAction action;

    /** Reboots through {@code action}. */
    public JvmSystemControl(RebootAction action) {
        this.action = Objects.requireNonNull(action, "action");
    }

    @Override
    public void reboot() {
        LOG.info("reboot requested by the library");
        DaemonThreads.thread("reboot", action::reboot).start();
    }
}
