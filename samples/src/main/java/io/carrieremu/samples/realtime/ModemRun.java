package io.carrieremu.samples.realtime;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.carrier.CarrierDetector;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.carrier.SubscriberReader;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.CarrierEventHandler;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.jvm.AtModemGlue;
import io.carrieremu.os.jvm.JvmCarrierRunner;
import io.carrieremu.os.jvm.JvmOs;
import io.carrieremu.os.jvm.at.SerialSettings;
import io.carrieremu.os.jvm.network.HostNetwork;
import io.carrieremu.os.sim.carrier.SimulatedCarrier;
import io.carrieremu.os.sim.network.UdpGateway;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The library on the JVM backend with a modem on an AT channel ({@code tcp://host:port}, e.g. the
 * simulated modem served by {@code --serve-modem}, or a serial device such as {@code /dev/ttyUSB0}),
 * its glue obeying the action events over AT ({@link AtModemGlue}), reboots restarting the instance
 * ({@link JvmCarrierRunner}). The servers are the simulated carrier's, on this machine's loopback
 * ({@link RealTimeWorld}, {@link UdpGateway}), or the real operator's over the host's network.
 */
public final class ModemRun implements AutoCloseable {

    /** Where the device's servers are. */
    public enum Servers {
        /** The simulated carrier of the SIM's operator, on 127.0.0.1, in real time. */
        SIMULATED,
        /** The operator's real servers, over the host's network. */
        REAL
    }

    private final RealTimeWorld world;
    private final UdpGateway gateway;
    private final SimulatedCarrier carrierSide;
    private final JvmCarrierRunner runner;

    private ModemRun(RealTimeWorld world, UdpGateway gateway, SimulatedCarrier carrierSide, JvmCarrierRunner runner) {
        this.world = world;
        this.gateway = gateway;
        this.carrierSide = carrierSide;
        this.runner = runner;
    }

    /**
     * Starts the library on the modem at {@code modem}.
     *
     * @param state the device's state directory (NVS records and the credential mirror)
     * @param notes where to say what is happening (one line each)
     * @throws IllegalArgumentException if {@code modem} is neither {@code tcp://host:port} nor a device path
     * @throws IOException if the modem, the sockets or the state directory cannot be used
     */
    public static ModemRun start(String modem, Servers servers, Path state, CarrierConfig config, CarrierEventHandler handler,
            Consumer<String> notes) throws IOException {
        Objects.requireNonNull(handler, "handler");
        JvmOs.Builder os = connect(JvmOs.builder().stateDirectory(state), modem);
        RealTimeWorld world = null;
        UdpGateway gateway = null;
        SimulatedCarrier carrierSide = null;
        if (servers == Servers.SIMULATED) {
            try (JvmOs probe = os.build()) {
                // Flight mode: the SIM powered and readable, keys writable.
                probe.at().send("AT+CFUN=4");
                Subscriber subscriber = new SubscriberReader(probe.at()).read();
                CarrierProfiles profiles = CarrierProfiles.builtIn();
                CarrierProfile profile = profiles.of(new CarrierDetector(profiles).subscriberCarrier(subscriber)).orElseThrow();
                world = new RealTimeWorld(1);
                carrierSide = SimulatedCarrier.start(profile, world.network(), TransportTiming.STANDARD,
                        SimulatedCarrier.Options.defaults());
                Optional<SimulatedCarrier.Device> device = carrierSide.provision(subscriber, probe.credentials());
                notes.accept("Simulated " + profile.id() + " servers on 127.0.0.1 for "
                        + device.map(SimulatedCarrier.Device::endpoint).orElse("a SIM without the MSISDN its endpoint needs"));
                gateway = UdpGateway.into(world.network());
                HostNetwork.Builder network = HostNetwork.builder();
                for (Map.Entry<String, InetSocketAddress> host : gateway.exposeMappedHosts().entrySet()) {
                    int colon = host.getKey().lastIndexOf(':');
                    network.mapHost(host.getKey().substring(0, colon), Integer.parseInt(host.getKey().substring(colon + 1)),
                            host.getValue());
                }
                os.network(network.build());
                world.start();
            } catch (OsException | io.carrieremu.core.carrier.CarrierProfileException | RuntimeException e) {
                close(world, gateway, carrierSide);
                throw new IOException("cannot set up the simulated carrier for the modem's SIM: " + e.getMessage(), e);
            }
        }
        JvmCarrierRunner runner;
        try {
            runner = JvmCarrierRunner.start(os, lwm2mOs -> {
                AtModemGlue glue = new AtModemGlue(lwm2mOs.at(), handler);
                LwM2mCarrier library = LwM2mCarrier.builder(lwm2mOs, config, glue).build();
                glue.attach(library).start();
                return library;
            });
        } catch (IOException | RuntimeException e) {
            close(world, gateway, carrierSide);
            throw e;
        }
        return new ModemRun(world, gateway, carrierSide, runner);
    }

    /** {@code tcp://host:port} or a serial device ({@code /dev/ttyUSB0}, {@code serial:/dev/ttyUSB0}). */
    private static JvmOs.Builder connect(JvmOs.Builder os, String modem) {
        if (modem.startsWith("tcp://")) {
            URI uri = URI.create(modem);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("--modem " + modem + ": a TCP modem is tcp://HOST:PORT");
            }
            return os.modemTcp(uri.getHost(), uri.getPort());
        }
        String device = modem.startsWith("serial:") ? modem.substring("serial:".length()) : modem;
        if (device.isEmpty() || device.contains("://")) {
            throw new IllegalArgumentException("--modem " + modem + ": use tcp://HOST:PORT or a serial device such as /dev/ttyUSB0");
        }
        return os.modemSerial(SerialSettings.nrf91Default(device));
    }

    /** The running library instance (a new one after each reboot). */
    public LwM2mCarrier library() {
        return runner.carrier();
    }

    /** Milliseconds since the run started, for event lines: the simulated world's time, else the modem's uptime. */
    public long nowMillis() {
        return world != null ? world.clock().nowMillis() : runner.os().scheduler().uptimeMillis();
    }

    @Override
    public void close() {
        runner.close();
        close(world, gateway, carrierSide);
    }

    private static void close(RealTimeWorld world, UdpGateway gateway, SimulatedCarrier carrierSide) {
        if (gateway != null) {
            gateway.close();
        }
        if (carrierSide != null) {
            carrierSide.close();
        }
        if (world != null) {
            world.close();
        }
    }
}
