package io.carrieremu.core.modem;

import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LTE link as the library sees it: the functional mode the application reports
 * ({@code onModemCfun}) and the network registration state the modem reports ({@code +CEREG}). The link
 * is up when LTE is activated and the modem is registered, home or roaming.
 *
 * <p>Used on the library's work queue only.
 */
public final class LinkMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(LinkMonitor.class);

    private final AtChannel at;
    private boolean lteActive;
    private boolean attached;
    private volatile boolean roaming;

    /** A monitor asking the modem through {@code at}. */
    public LinkMonitor(AtChannel at) {
        this.at = at;
    }

    /**
     * The application reported a functional mode.
     *
     * @return true if LTE is active now
     */
    public boolean cfun(ModemMode mode) {
        lteActive = mode == ModemMode.LTE_ACTIVATED;
        if (!lteActive) {
            attached = false;
        }
        return lteActive;
    }

    /**
     * A {@code +CEREG} notification arrived; malformed ones are ignored.
     *
     * @return true if the link went up with it
     */
    public boolean cereg(String line) {
        boolean wasUp = isUp();
        try {
            Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "+CEREG");
            if (params.isEmpty() || params.get().isEmpty()) {
                return false;
            }
            int stat = params.get().get(0).asInt();
            attached = registered(stat);
            roaming = stat == 5;
        } catch (AtSyntaxException e) {
            LOG.warn("ignoring malformed +CEREG: {}", e.getMessage());
        }
        return !wasUp && isUp();
    }

    /**
     * Asks the modem ({@code AT+CEREG?}) whether it is registered, for when LTE was just activated or
     * a notification may have been missed.
     *
     * @return true if the link is up now
     */
    public boolean poll() {
        if (!lteActive) {
            return false;
        }
        AtResponse response;
        try {
            response = at.send("AT+CEREG?");
        } catch (OsException e) {
            LOG.warn("cannot read the registration state: {}", e.getMessage());
            return isUp();
        }
        for (String line : response.lines()) {
            try {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "+CEREG");
                if (params.isEmpty() || params.get().isEmpty()) {
                    continue;
                }
                List<AtParameters.Param> p = params.get();
                // The read answer is +CEREG: <n>,<stat>,...; a notification that arrived while the command
                // ran may share its prefix: +CEREG: <stat>,"<tac>",... (no <n>). Either gives the state.
                boolean readForm = p.size() >= 2 && !p.get(1).quoted() && !p.get(1).isEmpty();
                int stat = readForm ? p.get(1).asInt() : p.get(0).asInt();
                attached = registered(stat);
                roaming = stat == 5;
            } catch (AtSyntaxException e) {
                LOG.warn("ignoring a malformed registration state line: {}", e.getMessage());
            }
        }
        return isUp();
    }

    private static boolean registered(int stat) {
        return stat == 1 || stat == 5;
    }

    /** True if the modem last reported registration on a roaming network ({@code +CEREG} stat 5); any thread. */
    public boolean roaming() {
        return roaming;
    }

    /** True if LTE is activated (the application said so). */
    public boolean lteActive() {
        return lteActive;
    }

    /** True if LTE is activated and the modem is registered to the network. */
    public boolean isUp() {
        return lteActive && attached;
    }

    /** The modem went away (shutdown): nothing is known until it reports again. */
    public void reset() {
        lteActive = false;
        attached = false;
    }
}
