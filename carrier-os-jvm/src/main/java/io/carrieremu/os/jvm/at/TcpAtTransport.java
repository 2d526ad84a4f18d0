package io.carrieremu.os.jvm.at;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * A modem's AT interface over TCP: a modem served by a terminal server or {@code ser2net}, or the
 * simulated modem's {@code AtTcpServer}.
 *
 * @param host the host name or address
 * @param port the TCP port
 * @param connectTimeout how long one connection attempt may take
 */
public record TcpAtTransport(String host, int port, Duration connectTimeout) implements AtTransport {

    /** Validates. */
    public TcpAtTransport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /** {@code host:port} with a 5 s connection timeout. */
    public TcpAtTransport(String host, int port) {
        this(host, port, Duration.ofSeconds(5));
    }

    /** Connects (TCP_NODELAY, keep-alive); reads block until data or close. */
    @Override
    public Connection connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            return Connection.of(in, out, () -> {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing is best effort
                }
            });
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "tcp " + host + ":" + port;
    }
}
