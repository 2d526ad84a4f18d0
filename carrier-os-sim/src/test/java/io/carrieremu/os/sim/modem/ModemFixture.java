package io.carrieremu.os.sim.modem;

import io.carrieremu.core.os.AtResponse;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.network.NetworkModel;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A simulated modem on a virtual clock, with helpers that read like a terminal session. */
final class ModemFixture implements AutoCloseable {

    static final String IMEI = "352656100367872";

    final VirtualClock clock = new VirtualClock();
    final Transcript transcript = new Transcript(clock::nowMillis);
    final NetworkModel network;
    final SimModem modem;

    ModemFixture() {
        this(SimProfiles.verizon(), SimProfiles.homeNetwork("verizon"));
    }

    ModemFixture(SimCard card, NetworkModel network) {
        this.network = network;
        this.modem = new SimModem(clock, transcript, network, SimModem.Identity.nrf9160(IMEI), card);
    }

    /** The response as the modem prints it: information lines, then the final result. */
    String at(String command) {
        AtResponse response = modem.execute(command);
        List<String> lines = new ArrayList<>(response.lines());
        lines.add(response.finalLine());
        return String.join("\n", lines);
    }

    /** Notifications recorded so far, then forgets them. */
    List<String> takeNotifications() {
        List<String> lines = transcript.lines(Transcript.Kind.AT_NOTIFICATION);
        transcript.clear();
        return lines;
    }

    /** Radio on with CEREG level 5 and packet-domain events, registered. */
    void attach() {
        at("AT+CMEE=1");
        at("AT+CEREG=5");
        at("AT+CGEREP=1");
        at("AT+CNEC=16");
        at("AT+CFUN=1");
        clock.advance(network.registrationDelay());
    }

    @Override
    public void close() {
        modem.close();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
