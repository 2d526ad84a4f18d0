package io.carrieremu.os.jvm.at;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Pdn;
import io.carrieremu.core.os.PdnActivation;
import io.carrieremu.core.os.PdnEvent;
import io.carrieremu.core.os.PdnEventListener;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.os.PdnRejectedException;
import io.carrieremu.core.os.Scheduler;
import io.carrieremu.core.os.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Pdn} with raw AT commands, as the vendor's OS glue does without a PDN library:
 * {@code AT%XNEWCID?}, {@code AT+CGDCONT}, {@code AT+CGACT}, {@code AT%XGETPDNID}; events from
 * {@code +CGEV} and {@code +CNEC_ESM} (it subscribes with {@code AT+CNEC=16} and {@code AT+CGEREP=1}).
 * Activation is asynchronous: the command is sent on the caller's thread, the network's answer
 * ({@code +CGEV: ME PDN ACT}, or an error and {@code +CNEC_ESM}) completes the future on the notification
 * thread; its timeouts (60 s for activation, 1 s for an ESM cause) run on the scheduler's stack executor,
 * so on virtual time in the simulator. Works on any modem behind an {@link AtChannel}: a real one or the
 * simulated one.
 */
public final class AtPdn implements Pdn, AutoCloseable {

    /** How long {@link #activate} waits for {@code +CGEV: ME PDN ACT}. */
    public static final Duration ACTIVATION_TIMEOUT = Duration.ofSeconds(60);
    /** How long a failed activation waits for {@code +CNEC_ESM}. */
    public static final Duration ESM_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(AtPdn.class);

    private final AtChannel at;
    private final Scheduler scheduler;
    private final Map<Integer, PdnEventListener> contexts = new ConcurrentHashMap<>();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Integer, PdnFamily> families = new ConcurrentHashMap<>();
    private volatile PdnEventListener defaultListener;
    private volatile boolean subscribed;
    private final List<Subscription> notifications;

    /** One activation in flight: completed by a notification or a timeout, once. */
    private final class Pending {
        final int cid;
        final CompletableFuture<PdnActivation> result = new CompletableFuture<>();
        private int reason = -1;
        private boolean activated;
        private boolean errorAnswered;
        private Integer esmCause;
        private ScheduledFuture<?> timeout;

        Pending(int cid) {
            this.cid = cid;
        }

        synchronized void activatedNotified(int value) {
            activated = true;
            reason = value;
            if (!errorAnswered) {
                succeed();
            }
        }

        synchronized void esmNotified(int cause) {
            esmCause = cause;
            if (errorAnswered) {
                finish(new PdnRejectedException(cid, cause));
            }
        }

        synchronized void okAnswered() {
            if (activated) {
                succeed();
            } else {
                timeout = scheduler.stackExecutor().schedule(() -> finish(new OsException(Errno.ETIMEDOUT,
                        "no +CGEV: ME PDN ACT " + cid + " within " + ACTIVATION_TIMEOUT.toSeconds() + " s")),
                        ACTIVATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        synchronized void errorAnswered() {
            errorAnswered = true;
            if (esmCause != null) {
                finish(new PdnRejectedException(cid, esmCause));
            } else {
                timeout = scheduler.stackExecutor().schedule(() -> finish(new PdnRejectedException(cid, 0)),
                        ESM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void succeed() {
            PdnFamily family = switch (reason) {
                case 0 -> PdnFamily.IPV4;
                case 1 -> PdnFamily.IPV6;
                default -> families.getOrDefault(cid, PdnFamily.IPV4V6);
            };
            complete(() -> result.complete(new PdnActivation(cid, family, 0)));
        }

        synchronized void finish(OsException failure) {
            complete(() -> result.completeExceptionally(failure));
        }

        private void complete(Runnable outcome) {
            if (result.isDone()) {
                return;
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
            pending.remove(cid, this);
            outcome.run();
        }
    }

    /**
     * A PDN layer on {@code at}; subscribes to {@code +CGEV} and {@code +CNEC_ESM} notifications now.
     *
     * @param scheduler its stack executor times the activation and ESM waits
     */
    public AtPdn(AtChannel at, Scheduler scheduler) {
        this.at = at;
        this.scheduler = scheduler;
        this.notifications = List.of(at.subscribe("+CGEV", this::onCgev), at.subscribe("+CNEC_ESM", this::onCnecEsm));
    }

    /** Stops listening to the modem's notifications (the device is rebooting). */
    @Override
    public void close() {
        notifications.forEach(Subscription::close);
    }

    /**
     * The modem may have restarted (its AT connection was re-established, see
     * {@link ModemAtChannel#onConnected}): the next command that needs PDN events subscribes to them
     * again ({@code AT+CNEC=16}, {@code AT+CGEREP=1}). Sends nothing itself; safe from any thread.
     */
    public void modemRestarted() {
        subscribed = false;
    }

    private void ensureSubscribed() throws OsException {
        if (subscribed) {
            return;
        }
        require(at.send("AT+CNEC=16"), "AT+CNEC=16");
        require(at.send("AT+CGEREP=1"), "AT+CGEREP=1");
        subscribed = true;
    }

    @Override
    public int createContext(PdnEventListener listener) throws OsException {
        ensureSubscribed();
        AtResponse response = at.send("AT%XNEWCID?");
        require(response, "AT%XNEWCID?");
        int cid = intAfter(response, "%XNEWCID");
        if (cid < 0 || cid > 255) {
            throw new OsException(Errno.EFAULT, "%XNEWCID gave context id " + cid);
        }
        contexts.put(cid, listener == null ? (c, e, r) -> { } : listener);
        return cid;
    }

    @Override
    public void configure(int cid, String apn, PdnFamily family) throws OsException {
        if (apn.length() >= 64) {
            throw new OsException(Errno.EINVAL, "APN of " + apn.length() + " characters");
        }
        if (cid != 0 && !contexts.containsKey(cid)) {
            throw new OsException(Errno.EINVAL, "unknown context " + cid);
        }
        if (cid != 0 && definedAs(cid, apn, family)) {
            // Already so (an active context cannot be redefined: +CME ERROR: 518).
            families.put(cid, family);
            return;
        }
        AtResponse response = at.send("AT+CGDCONT=" + cid + ",\"" + family.text() + "\",\"" + apn + "\"");
        if (!response.isOk()) {
            throw new OsException(Errno.ENOEXEC, "AT+CGDCONT refused: " + response.finalLine());
        }
        families.put(cid, family);
    }

    /** True if {@code AT+CGDCONT?} shows {@code cid} defined with this family and APN. */
    private boolean definedAs(int cid, String apn, PdnFamily family) throws OsException {
        AtResponse response = at.send("AT+CGDCONT?");
        if (!response.isOk()) {
            return false;
        }
        for (String line : response.lines()) {
            try {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "+CGDCONT");
                if (params.isPresent() && params.get().size() >= 3 && params.get().get(0).asInt() == cid) {
                    return params.get().get(1).text().equalsIgnoreCase(family.text()) && params.get().get(2).text().equals(apn);
                }
            } catch (io.carrieremu.core.at.AtSyntaxException e) {
                LOG.debug("ignoring a malformed +CGDCONT line: {}", e.getMessage());
            }
        }
        return false;
    }

    @Override
    public void destroy(int cid) throws OsException {
        if (cid == 0 || !contexts.containsKey(cid)) {
            throw new OsException(Errno.EINVAL, "cannot destroy context " + cid);
        }
        AtResponse response = at.send("AT+CGDCONT=" + cid);
        if (!response.isOk()) {
            throw new OsException(Errno.ENOEXEC, "AT+CGDCONT refused: " + response.finalLine());
        }
        PdnEventListener listener = contexts.remove(cid);
        listener.onPdnEvent(cid, PdnEvent.CTX_DESTROYED, 0);
    }

    @Override
    public CompletableFuture<PdnActivation> activate(int cid) {
        Pending wait = new Pending(cid);
        if (cid != 0 && !contexts.containsKey(cid)) {
            wait.finish(new OsException(Errno.EINVAL, "unknown context " + cid));
            return wait.result;
        }
        Pending previous = pending.put(cid, wait);
        if (previous != null) {
            previous.finish(new OsException(Errno.ECANCELED, "a new activation of context " + cid + " was asked for"));
        }
        try {
            ensureSubscribed();
            if (cid != 0 && isActive(cid)) {
                // Still active (coverage came back, or nobody deactivated it): no +CGEV will come for it.
                wait.activatedNotified(-1);
                return wait.result;
            }
            AtResponse response = at.send("AT+CGACT=1," + cid);
            if (response.isOk()) {
                wait.okAnswered();
            } else if (response.status() == AtResponse.Status.CME_ERROR && response.errorCode() == 30) {
                wait.finish(new OsException(Errno.ENETDOWN, "no network service to activate context " + cid));
            } else {
                wait.errorAnswered();
            }
        } catch (OsException e) {
            wait.finish(e);
        }
        return wait.result;
    }

    /** True if {@code AT+CGACT?} lists {@code cid} as active. */
    private boolean isActive(int cid) throws OsException {
        AtResponse response = at.send("AT+CGACT?");
        if (!response.isOk()) {
            return false;
        }
        for (String line : response.lines()) {
            try {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "+CGACT");
                if (params.isPresent() && params.get().size() == 2 && params.get().get(0).asInt() == cid) {
                    return params.get().get(1).asInt() == 1;
                }
            } catch (io.carrieremu.core.at.AtSyntaxException e) {
                LOG.debug("ignoring a malformed +CGACT line: {}", e.getMessage());
            }
        }
        return false;
    }

    @Override
    public void deactivate(int cid) throws OsException {
        if (cid != 0 && !contexts.containsKey(cid)) {
            throw new OsException(Errno.EINVAL, "unknown context " + cid);
        }
        AtResponse response = at.send("AT+CGACT=0," + cid);
        if (!response.isOk()) {
            throw new OsException(Errno.ENOEXEC, "AT+CGACT=0 refused: " + response.finalLine());
        }
    }

    @Override
    public int pdnId(int cid) throws OsException {
        AtResponse response = at.send("AT%XGETPDNID=" + cid);
        if (!response.isOk()) {
            throw new OsException(Errno.ENOEXEC, "context " + cid + " has no PDN id: " + response.finalLine());
        }
        return intAfter(response, "%XGETPDNID");
    }

    @Override
    public void setDefaultContextListener(PdnEventListener listener) {
        defaultListener = listener;
        if (listener != null) {
            try {
                ensureSubscribed();
            } catch (OsException e) {
                LOG.warn("could not subscribe to PDN events: {}", e.getMessage());
            }
        }
    }

    private void onCgev(String line) {
        String event = line.substring("+CGEV:".length()).strip();
        if (event.equals("ME DETACH") || event.equals("NW DETACH")) {
            contexts.forEach((cid, listener) -> listener.onPdnEvent(cid, PdnEvent.NETWORK_DETACHED, 0));
            deliver(0, PdnEvent.NETWORK_DETACHED, 0);
            return;
        }
        try {
            if (event.startsWith("ME PDN ACT ")) {
                List<AtParameters.Param> p = AtParameters.parse(event.substring("ME PDN ACT ".length()));
                int cid = p.get(0).asInt();
                Pending wait = pending.get(cid);
                if (wait != null) {
                    wait.activatedNotified(p.size() > 1 ? p.get(1).asInt() : -1);
                }
                deliver(cid, PdnEvent.ACTIVATED, 0);
            } else if (event.startsWith("ME PDN DEACT ") || event.startsWith("NW PDN DEACT ")) {
                deliver(AtParameters.parse(event.substring(13)).get(0).asInt(), PdnEvent.DEACTIVATED, 0);
            } else if (event.startsWith("IPV6 FAIL ")) {
                deliver(AtParameters.parse(event.substring(10)).get(0).asInt(), PdnEvent.IPV6_DOWN, 0);
            } else if (event.startsWith("IPV6 ")) {
                deliver(AtParameters.parse(event.substring(5)).get(0).asInt(), PdnEvent.IPV6_UP, 0);
            } else if (event.startsWith("APNRATECTRL STAT ")) {
                List<AtParameters.Param> p = AtParameters.parse(event.substring(17));
                deliver(p.get(0).asInt(), p.get(1).asInt() == 1 ? PdnEvent.APN_RATE_CONTROL_ON : PdnEvent.APN_RATE_CONTROL_OFF, 0);
            }
        } catch (AtSyntaxException | IndexOutOfBoundsException e) {
            LOG.warn("ignoring malformed notification '{}': {}", line, e.getMessage());
        }
    }

    private void onCnecEsm(String line) {
        try {
            List<AtParameters.Param> p = AtParameters.ofResponse(line, "+CNEC_ESM").orElseThrow();
            int cause = p.get(0).asInt();
            int cid = p.size() > 1 ? p.get(1).asInt() : 0;
            Pending wait = pending.get(cid);
            if (wait != null) {
                wait.esmNotified(cause);
            }
            deliver(cid, PdnEvent.CNEC_ESM, cause);
        } catch (AtSyntaxException | IndexOutOfBoundsException | java.util.NoSuchElementException e) {
            LOG.warn("ignoring malformed notification '{}': {}", line, e.getMessage());
        }
    }

    private void deliver(int cid, PdnEvent event, int reason) {
        PdnEventListener listener = cid == 0 ? defaultListener : contexts.get(cid);
        if (listener != null) {
            listener.onPdnEvent(cid, event, reason);
        }
    }

    private static void require(AtResponse response, String command) throws OsException {
        if (!response.isOk()) {
            throw new OsException(Errno.EIO, command + " failed: " + response.finalLine());
        }
    }

    /** The first integer parameter of the response line with {@code prefix}. */
    static int intAfter(AtResponse response, String prefix) throws OsException {
        for (String line : response.lines()) {
            try {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, prefix);
                if (params.isPresent() && !params.get().isEmpty()) {
                    return params.get().get(0).asInt();
                }
            } catch (AtSyntaxException e) {
                throw new OsException(Errno.EBADMSG, "malformed " + prefix + " response: " + e.getMessage());
            }
        }
        throw new OsException(Errno.EBADMSG, "no " + prefix + " line in the response");
    }
}
