package io.carrieremu.os.jvm.at;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A modem played by the test over a real TCP socket on loopback: it records each command line it gets
 * and writes exactly the bytes the test tells it to, so a test can stage URCs inside responses, split
 * writes, garbage, silence and dropped connections.
 */
final class ScriptedModemPeer implements AutoCloseable {

    private final ServerSocket server;
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Socket current;

    private ScriptedModemPeer(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptLoop, "scripted-modem-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    static ScriptedModemPeer start(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new ScriptedModemPeer(server);
    }

    int port() {
        return server.getLocalPort();
    }

    TcpAtTransport transport() {
        return new TcpAtTransport("127.0.0.1", port());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                current = socket;
                accepted.incrementAndGet();
                Thread reader = new Thread(() -> readLoop(socket), "scripted-modem-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readLoop(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\r' || b == '\n') {
                    if (line.size() > 0) {
                        commands.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            // connection dropped by the test or the client
        }
    }

    /** The next command line the client sent (waits up to 10 s). */
    String nextCommand() throws InterruptedException {
        String command = commands.poll(10, TimeUnit.SECONDS);
        assertThat(command).as("a command from the client").isNotNull();
        return command;
    }

    /** True if no command arrives within {@code millis}. */
    boolean noCommandWithin(long millis) throws InterruptedException {
        return commands.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    /** Writes text as the modem would (each char one byte, so garbage bytes can be written as chars). */
    void write(String text) throws IOException {
        OutputStream out = current.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Writes one byte at a time, flushing each, so the client's reads split lines anywhere. */
    void writeByteByByte(String text) throws IOException {
        OutputStream out = current.getOutputStream();
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            out.write(b);
            out.flush();
        }
    }

    /** Connections accepted so far. */
    int connections() {
        return accepted.get();
    }

    /** Closes the current connection, as a modem that resets or a port that vanishes. */
    void dropConnection() throws IOException {
        current.close();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket socket = current;
        if (socket != null) {
            socket.close();
        }
    }
}
