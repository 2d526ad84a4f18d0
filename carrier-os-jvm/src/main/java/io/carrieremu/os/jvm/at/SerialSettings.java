package io.carrieremu.os.jvm.at;

import java.util.Objects;

/**
 * A serial port for the modem's AT interface: 8 data bits, no parity, one stop bit (8N1, what nRF91
 * UARTs use) at the given speed and flow control.
 *
 * @param device the port, e.g. {@code /dev/ttyACM0}, {@code COM3} or a symbolic link to a pseudo-terminal
 * @param baudRate bits per second, e.g. 115200
 * @param flowControl hardware, software or no flow control
 */
public record SerialSettings(String device, int baudRate, FlowControl flowControl) {

    /** Flow control on the line. */
    public enum FlowControl {
        /** None. */
        NONE,
        /** Hardware: RTS/CTS (nRF91 development kits use it). */
        RTS_CTS,
        /** Software: XON/XOFF in both directions. */
        XON_XOFF
    }

    /** Validates. */
    public SerialSettings {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(flowControl, "flowControl");
        if (device.isBlank()) {
            throw new IllegalArgumentException("a serial device is named");
        }
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baud rate must be positive, got " + baudRate);
        }
    }

    /** {@code device} at 115200 baud with RTS/CTS, as on an nRF9160 DK. */
    public static SerialSettings nrf91Default(String device) {
        return new SerialSettings(device, 115_200, FlowControl.RTS_CTS);
    }
}
