package io.carrieremu.os.sim.modem;

import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.Subscription;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link SimModem} over TCP like a modem's UART: one command per line (CR, LF or CRLF), the
 * response lines and final result each ended by CRLF, unsolicited notifications written as they occur.
 * For the JVM backend's tests and for pointing other tools at a fake modem. Listens on loopback only.
 */
public final class AtTcpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AtTcpServer.class);

    private final SimModem modem;
    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private AtTcpServer(SimModem modem, ServerSocket server) {
        this.modem = modem;
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "at-tcp-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, 0 for an ephemeral one
     */
    public static AtTcpServer start(SimModem modem, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        AtTcpServer server = new AtTcpServer(modem, socket);
        server.acceptor.start();
        return server;
    }

    /** The address clients connect to. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Connection connection = new Connection(socket);
                connections.add(connection);
                connection.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("accept failed: {}", e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the server socket: {}", e.getMessage());
        }
        connections.forEach(Connection::close);
    }

    /** One client: a reader thread executing commands; notifications written by the modem's notifier. */
    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final Subscription notifications;
        private final Thread reader;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.notifications = modem.subscribe("", this::writeLine);
            this.reader = new Thread(this::readLoop, "at-tcp-" + socket.getPort());
            this.reader.setDaemon(true);
        }

        void start() {
            reader.start();
        }

        /**
         * Reads lines of at most {@link SimModem#MAX_LINE_BYTES} bytes, enforced while reading: of a longer
         * line only the first bytes past the limit are kept — enough for the modem to refuse it with
         * ERROR — and the rest is skipped up to the line's end.
         */
        private void readLoop() {
            try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    if (b != '\r' && b != '\n') {
                        if (line.size() <= SimModem.MAX_LINE_BYTES) {
                            line.write(b);
                        }
                        continue;
                    }
                    String text = line.toString(StandardCharsets.US_ASCII);
                    line.reset();
                    if (text.isBlank()) {
                        continue;
                    }
                    AtResponse response = modem.execute(text.strip());
                    StringBuilder answer = new StringBuilder();
                    for (String responseLine : response.lines()) {
                        answer.append(responseLine).append("\r\n");
                    }
                    answer.append(response.finalLine()).append("\r\n");
                    write(answer.toString());
                }
            } catch (IOException e) {
                LOG.debug("connection ended: {}", e.getMessage());
            } finally {
                close();
            }
        }

        private void writeLine(String line) {
            write(line + "\r\n");
        }

        private synchronized void write(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                LOG.debug("write failed: {}", e.getMessage());
            }
        }

        void close() {
            notifications.close();
            connections.remove(this);
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing: {}", e.getMessage());
            }
        }
    }
}
