package io.carrieremu.os.jvm.at;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How a {@link ModemAtChannel} reaches the modem: a byte stream that can be (re)opened. TCP
 * ({@link TcpAtTransport}) and serial ports ({@link SerialAtTransport}) differ only here; framing,
 * classification, timeouts and reconnection are the channel's.
 */
public interface AtTransport {

    /**
     * Opens a connection. Called on the channel's I/O thread, again after every drop.
     *
     * @throws IOException if the modem cannot be reached now (the channel backs off and retries)
     */
    Connection connect() throws IOException;

    /** For logs and error messages, e.g. {@code tcp 127.0.0.1:5000} or {@code serial /dev/ttyACM0}. */
    String describe();

    /** One open connection. */
    interface Connection extends Closeable {

        /**
         * The bytes from the modem. A read may return 0 when nothing arrived for a while (serial
         * timeouts); -1 or an {@link IOException} means the connection is gone.
         */
        InputStream input();

        /** The bytes to the modem. */
        OutputStream output();

        /** Closes the connection; unblocks a read in progress. Harmless twice. */
        @Override
        void close();

        /** A connection over {@code in} and {@code out}, closed by {@code closer}. */
        static Connection of(InputStream in, OutputStream out, Runnable closer) {
            return new Connection() {
                @Override
                public InputStream input() {
                    return in;
                }

                @Override
                public OutputStream output() {
                    return out;
                }

                @Override
                public void close() {
                    closer.run();
                }
            };
        }
    }
}
