package io.carrieremu.os.sim;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.Credentials;
import io.carrieremu.core.os.DfuTarget;
import io.carrieremu.core.os.DownloadClient;
import io.carrieremu.core.os.LteModes;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Pdn;
import io.carrieremu.core.os.Scheduler;
import io.carrieremu.core.os.Sms;
import io.carrieremu.core.os.Storage;
import io.carrieremu.core.os.SystemControl;
import io.carrieremu.core.os.Uicc;
import io.carrieremu.core.uicc.UiccBootstrapReader;
import io.carrieremu.os.jvm.at.AtLteModes;
import io.carrieremu.os.jvm.at.AtPdn;
import io.carrieremu.os.sim.clock.SimScheduler;
import io.carrieremu.os.sim.download.SimDownloadClient;
import io.carrieremu.os.sim.modem.SimAtChannel;
import java.util.Optional;

/**
 * The {@link LwM2mOs} of one boot of a {@link SimulatedDevice}. Scheduler and PDN layer are new each
 * boot; storage, modem (credentials, SIM), network and DFU target persist across reboots.
 */
final class SimOs implements LwM2mOs {

    private final SimulatedDevice device;
    private final SimScheduler scheduler;
    private final AtChannel at;
    private final AtPdn pdn;
    private final AtLteModes lteModes;
    private final SimCredentials credentials;
    private final Sms sms;
    private final Uicc uicc;
    private final SystemControl system;
    private final SimDownloadClient downloads;
    private boolean closed;

    SimOs(SimulatedDevice device, SimScheduler scheduler) {
        this.device = device;
        this.scheduler = scheduler;
        this.at = new SimAtChannel(device.modem());
        this.pdn = new AtPdn(at, scheduler);
        this.lteModes = new AtLteModes(at);
        this.credentials = new SimCredentials(at, device.modem());
        this.sms = listener -> device.modem().subscribeSms(listener);
        this.uicc = new Uicc() {
            @Override
            public boolean bootstrapEnabled() {
                return device.smartcardBootstrapEnabled();
            }

            @Override
            public Optional<byte[]> readBootstrapRecord(int maxSize) throws OsException {
                if (!bootstrapEnabled()) {
                    throw new OsException(Errno.ENOTSUP, "smartcard bootstrap is not enabled");
                }
                return new UiccBootstrapReader(at).read(maxSize);
            }
        };
        this.system = device::requestReboot;
        this.downloads = new SimDownloadClient(device.clock(), device.modem(), device.transport(), device.transcript(),
                SimDownloadClient.OPTIONS);
    }

    /** Stops this boot: downloads, PDN layer, work queues and timers. Harmless when repeated. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        downloads.close();
        pdn.close();
        scheduler.shutdown();
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public Storage storage() {
        return device.storage();
    }

    @Override
    public AtChannel at() {
        return at;
    }

    @Override
    public Sms sms() {
        return sms;
    }

    @Override
    public Pdn pdn() {
        return pdn;
    }

    @Override
    public LteModes lteModes() {
        return lteModes;
    }

    @Override
    public Network network() {
        return device.link();
    }

    @Override
    public Credentials credentials() {
        return credentials;
    }

    /** The JVM backend's real download client, its events brought into the world ({@link SimDownloadClient}). */
    @Override
    public DownloadClient downloadClient() {
        return downloads;
    }

    @Override
    public DfuTarget dfu() {
        return device.dfu();
    }

    @Override
    public Uicc uicc() {
        return uicc;
    }

    @Override
    public SystemControl system() {
        return system;
    }
}
