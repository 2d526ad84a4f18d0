package io.carrieremu.os.jvm.at;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import com.fazecast.jSerialComm.SerialPortTimeoutException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A modem's AT interface on a serial port, through jSerialComm. Reads wake every
 * {@value #READ_POLL_MILLIS} ms with nothing (so the channel notices a close); a port that vanishes
 * (a USB modem unplugged or reset) fails the read and the channel reopens it with back-off.
 */
public final class SerialAtTransport implements AtTransport {

    /** How long a read waits before returning nothing. */
    static final int READ_POLL_MILLIS = 250;

    private final SerialSettings settings;

    /** A transport for {@code settings}; nothing is opened until {@link #connect()}. */
    public SerialAtTransport(SerialSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The port settings. */
    public SerialSettings settings() {
        return settings;
    }

    /**
     * Opens and configures the port.
     *
     * @throws IOException if the device does not exist, cannot be opened, or the serial library cannot
     *     load its native part on this platform
     */
    @Override
    public Connection connect() throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(settings.device());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial device " + settings.device(), e);
        } catch (LinkageError e) {
            throw new IOException("serial ports are not available on this platform: " + e, e);
        }
        port.setComPortParameters(settings.baudRate(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(switch (settings.flowControl()) {
            case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
            case RTS_CTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case XON_XOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
        });
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_POLL_MILLIS, 0);
        if (!port.openPort()) {
            throw new IOException("cannot open serial device " + settings.device() + " (error " + port.getLastErrorCode() + ")");
        }
        InputStream in = new FilterInputStream(port.getInputStream()) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (SerialPortTimeoutException e) {
                    return 0;
                }
            }
        };
        OutputStream out = port.getOutputStream();
        return Connection.of(in, out, port::closePort);
    }

    @Override
    public String describe() {
        return "serial " + settings.device() + " " + settings.baudRate() + " baud " + settings.flowControl();
    }
}
