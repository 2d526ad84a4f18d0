package io.carrieremu.core.fota;

import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.DfuHeader;
import io.carrieremu.core.os.DfuImageDetection;
import io.carrieremu.core.os.DfuImageRecognizer;
import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.DfuTarget;
import io.carrieremu.core.os.DownloadConfig;
import io.carrieremu.core.os.DownloadEvent;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.os.WorkQueue;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firmware update (FOTA): object 5's behaviour, the vendor library's event flows, the download and
 * the DFU target. State and result change only through the {@link FirmwareStateMachine}; everything
 * survives reboots and power loss through the {@link FotaStateStore}.
 *
 * <ul>
 *   <li><b>Pull</b> ({@code /5/0/1}): the scheme picks the protocol — coap, coaps, http, https; anything
 *       else gives result 9 and {@code ERROR{FOTA_FAIL, -ENOTSUP}}, a malformed URI result 7 and
 *       {@code -EINVAL}. Accepted: State Downloading, {@code FOTA_START{uri}}, the OS download client
 *       fetches the image (TLS/DTLS trusting every CA certificate in the modem, {@code AT%CMNG=1}; none:
 *       {@code -ECONNREFUSED}). A failed attempt is retried up to {@value #MAX_RETRIES} times, at once
 *       after a protocol error ({@code EBADMSG}: say a server ignoring {@code Range}) and
 *       {@link #NETWORK_RETRY_DELAY} after a network error, each resuming from the bytes stored, the DFU
 *       target re-initialised first (3.7.0); then result 7 (protocol) or 4 (network) and
 *       {@code ERROR{FOTA_FAIL, value}}. A refused TLS/DTLS handshake is not retried (result 4,
 *       {@code -ECONNREFUSED}). After a reboot a pull resumes once the network is up, with FOTA_START again.
 *   <li><b>Push</b> ({@code /5/0/0}, block-wise): the first block starts it ({@code FOTA_START{null}}, State
 *       Downloading) and the push abort timer ({@code firmware_download_timeout}); the timer firing first
 *       gives result 4 and {@code -ETIMEDOUT}. An image of unknown type is answered 4.00 (3.6.0).
 *   <li><b>DFU</b>: the type from the first bytes ({@link DfuTarget#detect}): none gives result 6 and
 *       {@code -ENOTSUP} (a divided part out of sequence or of another version: {@code -EBADF}); too large
 *       result 2 and {@code -EFBIG}; every fragment CRC-checked; an integrity failure gives result 5,
 *       {@code ERROR{FOTA_FAIL, -EINVAL}}, then {@code LTE_LINK_DOWN}, the image deleted once the modem is
 *       offline, then {@code LTE_LINK_UP}.
 *   <li><b>Update</b> ({@code /5/0/2} in Downloaded): answered 2.04, State Updating, and
 *       {@link #APPLY_DELAY} after the answer left the image is applied. A modem delta:
 *       {@code LTE_POWER_OFF} → (modem off) {@code MODEM_SHUTDOWN} → (shut down) {@code MODEM_INIT} →
 *       (init reports UPDATED) {@code FOTA_SUCCESS}, result 1 → {@code LTE_LINK_UP}; UPDATE_FAILED gives
 *       result 8 and {@code -EFAULT}. An application image: {@code REBOOT}; after the reboot
 *       {@link DfuTarget#validateApplicationUpdate()} decides result 1 ({@code FOTA_SUCCESS}) or 8
 *       ({@code -EFAULT}). A divided part that is not the last is stored with result 1 and no reboot.
 *   <li>An empty Package URI or Package resets to Idle (result 0) and deletes the image.
 * </ul>
 *
 * <p>Threads: servers' writes and executes arrive on the stack's thread, download events on the
 * download client's, timers and the runtime's inputs on the library's work queue; every entry point
 * takes this object's lock. Events go out through {@link Host#emit}, in order.
 */
public final class FirmwareUpdate implements FirmwareUpdateObject.Handler, AutoCloseable {

    /** Retries of a failed pull ({@code 8} in the vendor library). */
    public static final int MAX_RETRIES = 8;
    /** Wait before retrying after a network error. */
    public static final Duration NETWORK_RETRY_DELAY = Duration.ofSeconds(20);
    /** Wait after Update's answer left before the image is applied (the vendor: 3 s), so the State notification gets out. */
    public static final Duration APPLY_DELAY = Duration.ofSeconds(3);
    /** The largest package a server may push (Californium's body limit for {@code /5/0/0}). */
    public static final int MAX_PUSH_PACKAGE = 4 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdate.class);
    /** Enough of an image to recognise it (a divided part's 42-byte header and an MCUboot magic). */
    private static final int DETECT_BYTES = 64;
    private static final int PUSH_FRAGMENT = 2048;
    private static final Set<String> SCHEMES = Set.of("coap", "coaps", "http", "https");

    /** What the firmware update needs from the library around it. */
    public interface Host {
        /** Hands an event to the application, after the current work item, in order. */
        void emit(CarrierEvent event);

        /** Runs {@code work} on the library's work queue. */
        void post(Runnable work);

        /** The library's work queue (timers run there). */
        WorkQueue queue();

        /** The REBOOT event, then a reboot unless the application defers it. */
        void reboot();

        /** Runs {@code action} on the library's queue once the answer to {@code server}'s current request has left. */
        void afterAnswerTo(LwM2mServer server, Runnable action);

        /** True if the link and the library's PDN are up. */
        boolean networkReady();

        /** The PDN for the download. */
        int pdnId();

        /** True while LTE is activated. */
        boolean lteActive();

        /** The push abort timer ({@code firmware_download_timeout}), if any. */
        Optional<Duration> pushTimeout();

        /** The modem runs new firmware: what the library reads of it is stale. */
        void modemFirmwareChanged();
    }

    /** What the firmware update is waiting for, besides the object's state. */
    private enum Step {
        /** Nothing. */
        NONE,
        /** The network, to start or resume the pull. */
        NETWORK,
        /** A download runs. */
        DOWNLOADING,
        /** The retry timer. */
        RETRY,
        /** The delay before applying the image. */
        APPLY,
        /** The modem to be powered off (after LTE_POWER_OFF). */
        POWER_OFF,
        /** The modem library to be shut down (after MODEM_SHUTDOWN). */
        SHUTDOWN,
        /** The modem library to be initialised (after MODEM_INIT). */
        INIT,
        /** The modem to go offline so the refused image can be deleted (after LTE_LINK_DOWN). */
        OFFLINE
    }

    private final LwM2mOs os;
    private final Host host;
    private final FirmwareUpdateObject object;
    private final FotaStateStore store;
    private final OsTimer timer;
    private final FirmwareStateMachine machine;
    private final PushReceiver pushReceiver = new PushReceiver(this);
    private Runnable onTimer = () -> { };
    private FotaRecord record = FotaRecord.INITIAL;
    private FotaProgress progress = FotaProgress.NONE;
    private boolean crcKnown = true;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private Step step = Step.NONE;
    private int session;
    private int retries;
    private Errno pendingFailure;
    private UpdateResult lastFailure;

    /**
     * @param object the object servers see (bound to this)
     * @param timer the firmware update's one timer (retries, the push abort timer, the apply delay)
     */
    public FirmwareUpdate(LwM2mOs os, Host host, FirmwareUpdateObject object, OsTimer timer) {
        this.os = Objects.requireNonNull(os, "os");
        this.host = Objects.requireNonNull(host, "host");
        this.object = Objects.requireNonNull(object, "object");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.store = new FotaStateStore(os.storage());
        this.machine = new FirmwareStateMachine();
        object.bind(this);
    }

    /** The interceptor the device's CoAP endpoints need for pushes ({@code /5/0/0}). */
    public MessageInterceptor pushReceiver() {
        return pushReceiver;
    }

    // ------------------------------------------------------------------ start and the modem (the library's queue)

    /**
     * Puts back what was stored: a pull waits for the network to resume; a push cannot resume (result 4,
     * {@code -ENETDOWN}); an application image that was being applied is validated now.
     */
    public synchronized void restore() {
        try {
            record = store.load().orElse(FotaRecord.INITIAL);
            progress = store.progress();
        } catch (OsException e) {
            LOG.warn("cannot read the firmware update state: {}", e.getMessage());
            record = FotaRecord.INITIAL;
        }
        machine.restore(record.state(), record.result());
        switch (record.state()) {
            case DOWNLOADING -> {
                if (record.delivery() == Delivery.PULL) {
                    LOG.info("resuming the download of {} from byte {}", record.uri(), progress.offset());
                    step = Step.NETWORK;
                    host.emit(new CarrierEvent.FotaStart(record.uri()));
                } else {
                    terminal(UpdateResult.CONNECTION_LOST, Errno.ENETDOWN, "a push cannot resume after a reboot");
                }
            }
            case UPDATING -> {
                if (record.imageType() != DfuImageType.MODEM_DELTA) {
                    boolean confirmed = os.dfu().validateApplicationUpdate();
                    finishUpdate(confirmed, confirmed ? "the new application image runs and is confirmed"
                            : "no new application image to confirm after the reboot");
                }
            }
            default -> {
            }
        }
        show();
    }

    /** The link and PDN are up: a pull waiting for them starts or resumes. */
    public synchronized void networkReady() {
        if (step == Step.NETWORK) {
            step = Step.NONE;
            startDownload();
        }
    }

    /** The modem's functional mode changed. */
    public synchronized void modemCfun(ModemMode mode) {
        if (step == Step.POWER_OFF && mode == ModemMode.POWER_OFF) {
            step = Step.SHUTDOWN;
            host.emit(new CarrierEvent.ModemShutdown());
        } else if (step == Step.OFFLINE && mode != ModemMode.LTE_ACTIVATED) {
            deleteRefusedImage();
        }
    }

    /** The application shut the modem library down. */
    public synchronized void modemShutdown() {
        if (step == Step.SHUTDOWN) {
            step = Step.INIT;
            host.emit(new CarrierEvent.ModemInit());
        }
    }

    /** The modem library was initialised: a modem delta being applied succeeded or not. */
    public synchronized void modemInitialised(ModemInitResult result) {
        if (machine.state() != FirmwareState.UPDATING || record.imageType() != DfuImageType.MODEM_DELTA) {
            return;
        }
        boolean live = step == Step.INIT;
        step = Step.NONE;
        finishUpdate(result == ModemInitResult.UPDATED, "modem initialised: " + result);
        if (result == ModemInitResult.UPDATED) {
            host.modemFirmwareChanged();
        }
        if (live) {
            host.emit(new CarrierEvent.LteLinkUp());
        }
    }

    private void finishUpdate(boolean success, String why) {
        if (success) {
            move(FirmwareState.IDLE, UpdateResult.SUCCESS, why);
            host.emit(new CarrierEvent.FotaSuccess());
        } else {
            move(FirmwareState.IDLE, UpdateResult.UPDATE_FAILED, why);
            host.emit(new CarrierEvent.Error(ErrorType.FOTA_FAIL, Errno.EFAULT));
        }
    }

    /**
     * The library stops (close, reboot): a download is cancelled, what the DFU target holds is kept, and
     * the timer goes back to the OS layer.
     */
    @Override
    public synchronized void close() {
        timer.close();
        if (step == Step.DOWNLOADING) {
            os.downloadClient().disconnect();
            pauseTarget();
        }
        step = Step.NONE;
        session++;
    }

    // ------------------------------------------------------------------ servers' operations (the stack's thread)

    @Override
    public synchronized WriteResponse packageUri(LwM2mServer server, String uri) {
        if (uri.isEmpty()) {
            return reset("empty Package URI from server " + server.getId());
        }
        if (machine.state() != FirmwareState.IDLE) {
            return WriteResponse.badRequest("a firmware update is in progress (" + machine.state() + ")");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            refuseUri(UpdateResult.INVALID_URI, Errno.EINVAL, "malformed Package URI: " + e.getReason());
            return WriteResponse.success();
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            refuseUri(UpdateResult.UNSUPPORTED_PROTOCOL, Errno.ENOTSUP, "unsupported scheme '" + scheme + "'");
            return WriteResponse.success();
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            refuseUri(UpdateResult.INVALID_URI, Errno.EINVAL, "Package URI without host");
            return WriteResponse.success();
        }
        beginDelivery(Delivery.PULL, uri);
        move(FirmwareState.DOWNLOADING, UpdateResult.INITIAL, "Package URI written by server " + server.getId());
        host.emit(new CarrierEvent.FotaStart(uri));
        host.post(this::startDownloadOnQueue);
        return WriteResponse.success();
    }

    private void refuseUri(UpdateResult result, Errno errno, String why) {
        move(FirmwareState.IDLE, result, why);
        host.emit(new CarrierEvent.Error(ErrorType.FOTA_FAIL, errno));
    }

    /** A push begins: its first block arrived (called by the {@link PushReceiver}). */
    synchronized void pushStarting() {
        if (machine.state() != FirmwareState.IDLE) {
            return;
        }
        beginDelivery(Delivery.PUSH, "");
        move(FirmwareState.DOWNLOADING, UpdateResult.INITIAL, "a server pushes a package");
        host.emit(new CarrierEvent.FotaStart(null));
        host.pushTimeout().ifPresent(timeout -> startTimer(timeout, this::pushTimedOut));
    }

    private void pushTimedOut() {
        if (machine.state() == FirmwareState.DOWNLOADING && record.delivery() == Delivery.PUSH) {
            terminal(UpdateResult.CONNECTION_LOST, Errno.ETIMEDOUT, "the push did not complete within firmware_download_timeout");
        }
    }

    @Override
    public synchronized WriteResponse packagePushed(LwM2mServer server, byte[] data) {
        if (data.length == 0) {
            return reset("empty Package from server " + server.getId());
        }
        if (machine.state() != FirmwareState.DOWNLOADING || record.delivery() != Delivery.PUSH) {
            return WriteResponse.badRequest("no push in progress (it was aborted, or another update runs)");
        }
        timer.cancel(false);
        lastFailure = null;
        boolean stored = recognise(data) && writeChunks(data) && finishImage();
        if (stored) {
            return WriteResponse.success();
        }
        return lastFailure == UpdateResult.NOT_ENOUGH_FLASH
                ? new WriteResponse(ResponseCode.REQUEST_ENTITY_TOO_LARGE, "the image does not fit the device")
                : WriteResponse.badRequest("package refused: " + (lastFailure == null ? "DFU failure" : lastFailure.text()));
    }

    private boolean writeChunks(byte[] data) {
        for (int from = 0; from < data.length; from += PUSH_FRAGMENT) {
            if (!store(Arrays.copyOfRange(data, from, Math.min(data.length, from + PUSH_FRAGMENT)))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized ExecuteResponse update(LwM2mServer server) {
        if (machine.state() != FirmwareState.DOWNLOADED) {
            return ExecuteResponse.methodNotAllowed();
        }
        move(FirmwareState.UPDATING, UpdateResult.INITIAL, "Update executed by server " + server.getId());
        step = Step.APPLY;
        host.afterAnswerTo(server, () -> {
            synchronized (this) {
                startTimer(APPLY_DELAY, this::apply);
            }
        });
        return ExecuteResponse.success();
    }

    private WriteResponse reset(String why) {
        if (machine.state() == FirmwareState.UPDATING) {
            return WriteResponse.badRequest("the image is being applied");
        }
        stopDownload();
        timer.cancel(false);
        step = Step.NONE;
        os.dfu().reset();
        record = FotaRecord.INITIAL;
        clearProgress();
        move(FirmwareState.IDLE, UpdateResult.INITIAL, why);
        return WriteResponse.success();
    }

    // ------------------------------------------------------------------ the pull

    private synchronized void startDownloadOnQueue() {
        startDownload();
    }

    private void startDownload() {
        if (machine.state() != FirmwareState.DOWNLOADING || record.delivery() != Delivery.PULL || step == Step.DOWNLOADING) {
            return;
        }
        if (!host.networkReady()) {
            step = Step.NETWORK;
            return;
        }
        URI uri = URI.create(record.uri());
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        List<Integer> secTags = List.of();
        if (scheme.equals("https") || scheme.equals("coaps")) {
            secTags = caSecTags();
            if (secTags.isEmpty()) {
                terminal(UpdateResult.CONNECTION_LOST, Errno.ECONNREFUSED, "no CA certificate in the modem for " + scheme);
                return;
            }
        }
        long offset = 0;
        if (record.imageType() != DfuImageType.NONE) {
            try {
                offset = resumeTarget();
            } catch (OsException e) {
                dfuFailed(e);
                return;
            }
        } else {
            // Nothing of this image is stored yet (beginDelivery cleared the target, a divided sequence kept).
            progress = FotaProgress.NONE;
            crcKnown = true;
            head.reset();
        }
        int id = ++session;
        step = Step.DOWNLOADING;
        pendingFailure = null;
        LOG.info("downloading {} from byte {} (attempt {})", record.uri(), offset, retries + 1);
        try {
            os.downloadClient().start(record.uri(), new DownloadConfig(secTags, host.pdnId(), PdnFamily.IPV4V6), offset,
                    event -> onDownload(id, event));
        } catch (OsException e) {
            step = Step.NONE;
            switch (e.errno()) {
                case ENOTSUP -> terminal(UpdateResult.UNSUPPORTED_PROTOCOL, Errno.ENOTSUP, e.getMessage());
                case EBUSY -> attemptFailed(Errno.EBUSY);
                default -> terminal(UpdateResult.INVALID_URI, e.errno(), e.getMessage());
            }
        }
    }

    /**
     * Re-initialises the DFU target for an image already begun (3.7.0: before every resume) and says where
     * to go on. If the target holds other than the recorded progress (a power cut tore the last write),
     * the download resumes from what it holds, without the whole-image CRC (the CRC of that prefix is not
     * known); fragment CRCs and the image's own integrity check still apply.
     */
    private long resumeTarget() throws OsException {
        DfuTarget dfu = os.dfu();
        long size = Math.max(0, record.fileSize());
        long stored = dfu.start(record.imageType(), size, true);
        crcKnown = stored == progress.offset();
        if (!crcKnown) {
            LOG.info("the DFU target holds {} bytes, the recorded progress is {}: resuming from the target's", stored,
                    progress.offset());
            dfu.pause();
            stored = dfu.start(record.imageType(), size, false);
            progress = new FotaProgress(stored, 0);
        }
        return stored;
    }

    /** The sec tags holding a CA certificate, from the modem's list ({@code AT%CMNG=1}). */
    private List<Integer> caSecTags() {
        List<Integer> tags = new ArrayList<>();
        try {
            AtResponse response = os.at().send("AT%CMNG=1");
            for (String line : response.isOk() ? response.lines() : List.<String>of()) {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "%CMNG");
                if (params.isPresent() && params.get().size() >= 2 && params.get().get(1).asInt() == 0) {
                    tags.add(params.get().get(0).asInt());
                }
            }
        } catch (OsException | AtSyntaxException e) {
            LOG.warn("cannot list the modem's CA certificates: {}", e.getMessage());
        }
        return tags;
    }

    /** One event of download {@code id}, on the download client's thread. */
    private synchronized boolean onDownload(int id, DownloadEvent event) {
        if (id != session) {
            return false;
        }
        if (event instanceof DownloadEvent.Fragment fragment) {
            return step == Step.DOWNLOADING && fragment(fragment.data());
        }
        if (event instanceof DownloadEvent.Done) {
            if (step == Step.DOWNLOADING && (record.imageType() != DfuImageType.NONE || recogniseHead()) && finishImage()) {
                retries = 0;
            }
        } else if (event instanceof DownloadEvent.Failed failed) {
            if (step == Step.DOWNLOADING) {
                pendingFailure = failed.error();
            }
        } else if (event instanceof DownloadEvent.Closed) {
            // Only now is the client free for the next attempt.
            Errno failure = pendingFailure;
            pendingFailure = null;
            if (step == Step.DOWNLOADING) {
                step = Step.NONE;
                if (failure != null) {
                    attemptFailed(failure);
                }
            }
        }
        return true;
    }

    private boolean fragment(byte[] data) {
        if (record.imageType() == DfuImageType.NONE) {
            head.writeBytes(data);
            return head.size() < DETECT_BYTES || recogniseHead();
        }
        return store(data);
    }

    /** Recognises the image from the bytes gathered so far and stores them. */
    private boolean recogniseHead() {
        byte[] first = head.toByteArray();
        head.reset();
        return recognise(first) && store(first);
    }

    /** Recognises an image from its first bytes and starts the DFU target; false (and Idle) if refused. */
    private boolean recognise(byte[] first) {
        DfuTarget dfu = os.dfu();
        DfuImageDetection detection = dfu.detect(first);
        if (detection.type() == DfuImageType.NONE) {
            boolean part = DfuHeader.parse(first).isPresent();
            terminal(UpdateResult.UNSUPPORTED_PACKAGE, part ? Errno.EBADF : Errno.ENOTSUP,
                    part ? "divided image part out of sequence or of another version" : "unknown image type");
            return false;
        }
        long size = record.delivery() == Delivery.PUSH ? first.length : os.downloadClient().fileSize().orElse(-1);
        String version = detection.header().map(DfuHeader::version)
                .or(() -> DfuImageRecognizer.modemDeltaVersion(first)).orElse("");
        try {
            dfu.start(detection.type(), Math.max(0, size), true);
        } catch (OsException e) {
            if (e.errno() == Errno.EFBIG) {
                terminal(UpdateResult.NOT_ENOUGH_FLASH, Errno.EFBIG, e.getMessage());
            } else if (e.errno() == Errno.ENOTSUP) {
                terminal(UpdateResult.UNSUPPORTED_PACKAGE, Errno.ENOTSUP, e.getMessage());
            } else {
                terminal(UpdateResult.NOT_ENOUGH_FLASH, Errno.EIO, "the DFU target did not start: " + e.getMessage());
            }
            return false;
        }
        LOG.info("firmware image: {} ({} bytes{})", detection.type(), size, version.isEmpty() ? "" : ", version " + version);
        record = record.image(detection.type(), size, version, detection.header().map(DfuHeader::isLast).orElse(false));
        crcKnown = true;
        progress = FotaProgress.NONE;
        persist();
        show();
        return true;
    }

    /** Stores a fragment and the progress; false (the download stops) if the target refused it. */
    private boolean store(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        try {
            os.dfu().fragment(data, crc.getValue());
        } catch (OsException e) {
            dfuFailed(e);
            return false;
        }
        progress = new FotaProgress(progress.offset() + data.length, crcKnown ? RunningCrc.update(progress.crc32(), data) : 0);
        if (record.delivery() == Delivery.PULL) {
            try {
                store.saveProgress(progress);
            } catch (OsException e) {
                LOG.warn("cannot persist the download progress: {}", e.getMessage());
            }
        }
        return true;
    }

    /** The whole image is stored: the target finishes it (CRC, integrity), State Downloaded. */
    private boolean finishImage() {
        try {
            os.dfu().done(true, crcKnown ? progress.crc32() : 0);
        } catch (OsException e) {
            dfuFailed(e);
            return false;
        }
        step = Step.NONE;
        clearProgress();
        move(FirmwareState.DOWNLOADED, UpdateResult.INITIAL, "image complete, " + progress.offset() + " bytes");
        return true;
    }

    private void dfuFailed(OsException e) {
        switch (e.errno()) {
            case EINVAL -> integrityFailed(e.getMessage());
            case E2BIG, EFBIG -> terminal(UpdateResult.NOT_ENOUGH_FLASH, Errno.EFBIG, e.getMessage());
            case ENOMEM -> terminal(UpdateResult.OUT_OF_RAM, Errno.ENOMEM, e.getMessage());
            default -> {
                if (record.delivery() == Delivery.PULL && step == Step.DOWNLOADING) {
                    // A write that failed (flash busy, power dip) is retried like a lost connection.
                    LOG.warn("the DFU target refused a fragment ({}); retrying", e.getMessage());
                    pendingFailure = Errno.EIO;
                } else {
                    terminal(UpdateResult.NOT_ENOUGH_FLASH, Errno.EIO, e.getMessage());
                }
            }
        }
    }

    /** A download attempt ended in {@code failure}: retry, or give up. */
    private void attemptFailed(Errno failure) {
        if (failure == Errno.ECONNREFUSED) {
            terminal(UpdateResult.CONNECTION_LOST, Errno.ECONNREFUSED, "the repository's certificate was refused");
            return;
        }
        pauseTarget();
        boolean protocol = failure == Errno.EBADMSG;
        if (retries < MAX_RETRIES) {
            retries++;
            Duration delay = protocol ? Duration.ZERO : NETWORK_RETRY_DELAY;
            LOG.info("download failed ({}); retry {} of {} in {} s", failure, retries, MAX_RETRIES, delay.toSeconds());
            step = Step.RETRY;
            startTimer(delay, () -> {
                step = Step.NONE;
                startDownload();
            });
            return;
        }
        terminal(protocol ? UpdateResult.INVALID_URI : UpdateResult.CONNECTION_LOST, failValue(failure),
                "download failed " + (MAX_RETRIES + 1) + " times, last " + failure);
    }

    /** The vendor's documented {@code FOTA_FAIL} value for a download that kept failing with {@code failure}. */
    static Errno failValue(Errno failure) {
        return switch (failure) {
            case ETIMEDOUT -> Errno.ETIMEDOUT;
            case ENETUNREACH, EHOSTUNREACH -> Errno.ENETUNREACH;
            case EBADMSG -> Errno.EBADR;
            default -> Errno.ENETDOWN;
        };
    }

    private void pauseTarget() {
        try {
            os.dfu().pause();
        } catch (OsException e) {
            // Nothing active: no image begun yet.
        }
    }

    private void stopDownload() {
        if (step == Step.DOWNLOADING) {
            os.downloadClient().disconnect();
        }
        session++;
    }

    /** Gives up: the image is deleted, Idle with {@code result}, {@code ERROR{FOTA_FAIL, errno}}. */
    private void terminal(UpdateResult result, Errno errno, String why) {
        stopDownload();
        timer.cancel(false);
        step = Step.NONE;
        retries = 0;
        lastFailure = result;
        os.dfu().reset();
        clearProgress();
        move(FirmwareState.IDLE, result, why);
        host.emit(new CarrierEvent.Error(ErrorType.FOTA_FAIL, errno));
    }

    /** The image failed its integrity check: result 5, then the link goes down while the image is deleted. */
    private void integrityFailed(String why) {
        stopDownload();
        timer.cancel(false);
        retries = 0;
        lastFailure = UpdateResult.INTEGRITY_FAILURE;
        clearProgress();
        move(FirmwareState.IDLE, UpdateResult.INTEGRITY_FAILURE, why);
        host.emit(new CarrierEvent.Error(ErrorType.FOTA_FAIL, Errno.EINVAL));
        step = Step.OFFLINE;
        host.emit(new CarrierEvent.LteLinkDown());
        if (!host.lteActive()) {
            // Already offline: no mode change will come.
            host.post(this::deleteIfOffline);
        }
    }

    private synchronized void deleteIfOffline() {
        if (step == Step.OFFLINE && !host.lteActive()) {
            deleteRefusedImage();
        }
    }

    private void deleteRefusedImage() {
        os.dfu().reset();
        step = Step.NONE;
        LOG.info("the refused image is deleted; the link may come up again");
        host.emit(new CarrierEvent.LteLinkUp());
    }

    // ------------------------------------------------------------------ the update

    private void apply() {
        if (machine.state() != FirmwareState.UPDATING || step != Step.APPLY) {
            return;
        }
        step = Step.NONE;
        if (record.imageType() == DfuImageType.APPLICATION_FILE && !record.lastPart()) {
            String version = record.packageVersion();
            finishUpdate(true, "divided part of " + version + " stored; more parts follow");
            // Idle, but the next delivery continues the sequence: the target keeps its parts.
            record = record.image(DfuImageType.APPLICATION_FILE, -1, version, false);
            persist();
            return;
        }
        try {
            os.dfu().scheduleUpdate();
        } catch (OsException e) {
            finishUpdate(false, "the DFU target did not schedule the update: " + e.getMessage());
            return;
        }
        if (record.imageType() == DfuImageType.MODEM_DELTA) {
            step = Step.POWER_OFF;
            host.emit(new CarrierEvent.LtePowerOff());
        } else {
            host.reboot();
        }
    }

    // ------------------------------------------------------------------ state, persistence, view

    private void beginDelivery(Delivery delivery, String uri) {
        boolean nextPart = record.state() == FirmwareState.IDLE && record.imageType() == DfuImageType.APPLICATION_FILE;
        if (!nextPart) {
            // Whatever the target holds (a paused image of an earlier attempt) is not this delivery's.
            os.dfu().reset();
        }
        record = record.delivering(delivery, uri);
        progress = FotaProgress.NONE;
        crcKnown = true;
        retries = 0;
        head.reset();
        clearProgress();
    }

    private void move(FirmwareState to, UpdateResult result, String why) {
        machine.move(to, result, why);
        record = to == FirmwareState.IDLE ? record.idle(result) : record.with(to, result);
        persist();
        show();
    }

    private void persist() {
        try {
            store.save(record);
        } catch (OsException e) {
            LOG.warn("cannot persist the firmware update state: {}", e.getMessage());
        }
    }

    private void clearProgress() {
        try {
            store.clearProgress();
        } catch (OsException e) {
            LOG.warn("cannot clear the download progress: {}", e.getMessage());
        }
    }

    private void startTimer(Duration delay, Runnable action) {
        onTimer = action;
        timer.start(host.queue(), delay);
    }

    /** The timer's handler, on the library's queue. */
    public synchronized void timerFired() {
        Runnable action = onTimer;
        onTimer = () -> { };
        action.run();
    }

    private void show() {
        String name = record.uri().isEmpty() ? "" : record.uri().substring(record.uri().lastIndexOf('/') + 1);
        object.show(new FirmwareUpdateObject.View(machine.state(), machine.result(), record.uri(), name, record.packageVersion()));
    }

    /** The object's state now. */
    public synchronized FirmwareState state() {
        return machine.state();
    }

    /** The object's result now. */
    public synchronized UpdateResult result() {
        return machine.result();
    }
}
