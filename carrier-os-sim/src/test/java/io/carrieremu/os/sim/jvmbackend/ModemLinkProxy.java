package io.carrieremu.os.sim.jvmbackend;

import io.carrieremu.os.jvm.at.AtLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A bad line between the JVM backend and the simulated modem's TCP server: it can split the modem's
 * output into single bytes, sprinkle garbage bytes around lines, slip a URC between two information
 * lines of a response, hold the modem's output back (a command that times out), and answer commands
 * the "modem" does not know with {@code ERROR} itself.
 */
final class ModemLinkProxy implements AutoCloseable {

    static final String INSERTED_URC = "+CGEV: IPV6 9";

    private final ServerSocket listen;
    private final InetSocketAddress upstream;
    final Set<String> refusedPrefixes = new CopyOnWriteArraySet<>();
    volatile boolean byteByByte;
    volatile boolean garbage;
    volatile boolean urcInsideResponses;
    private boolean stalled;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private volatile Socket client;

    private ModemLinkProxy(ServerSocket listen, InetSocketAddress upstream) {
        this.listen = listen;
        this.upstream = upstream;
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ModemLinkProxy start(InetSocketAddress upstream) throws IOException {
        ServerSocket listen = new ServerSocket();
        listen.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new ModemLinkProxy(listen, upstream);
    }

    int port() {
        return listen.getLocalPort();
    }

    /** Holds back everything the modem sends until {@link #release()}. */
    synchronized void stall() {
        stalled = true;
    }

    /** Sends what was held back and stops holding. */
    void release() throws IOException {
        byte[] pending;
        synchronized (this) {
            stalled = false;
            pending = held.toByteArray();
            held.reset();
        }
        toClient(pending);
    }

    private void acceptLoop() {
        while (!listen.isClosed()) {
            try {
                Socket accepted = listen.accept();
                Socket modem;
                try {
                    modem = new Socket(upstream.getAddress(), upstream.getPort());
                } catch (IOException e) {
                    closeQuietly(accepted);
                    continue;
                }
                accepted.setTcpNoDelay(true);
                client = accepted;
                daemon("proxy-up", () -> commands(accepted, modem));
                daemon("proxy-down", () -> answers(modem, accepted));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Client to modem, line by line; refused commands are answered here. */
    private void commands(Socket from, Socket modem) {
        try (InputStream in = from.getInputStream(); OutputStream out = modem.getOutputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\r' && b != '\n') {
                    line.write(b);
                    continue;
                }
                String command = line.toString(StandardCharsets.US_ASCII);
                line.reset();
                if (command.isEmpty()) {
                    continue;
                }
                if (refusedPrefixes.stream().anyMatch(command::startsWith)) {
                    toClient("ERROR\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(modem);
        }
    }

    /** Modem to client, line by line, with the faults that are switched on. */
    private void answers(Socket modem, Socket to) {
        try (InputStream in = modem.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean previousWasInformation = false;
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b != '\n') {
                    continue;
                }
                String text = line.toString(StandardCharsets.US_ASCII).strip();
                line.reset();
                if (text.isEmpty()) {
                    continue;
                }
                StringBuilder out = new StringBuilder();
                boolean information = !AtLines.isFinal(text);
                if (urcInsideResponses && information && previousWasInformation) {
                    out.append(INSERTED_URC).append("\r\n");
                }
                previousWasInformation = information;
                if (garbage) {
                    out.append("\u0000\u00ff").append(text).append("\u0007\r\n\u00fe");
                } else {
                    out.append(text).append("\r\n");
                }
                byte[] bytes = out.toString().getBytes(StandardCharsets.ISO_8859_1);
                synchronized (this) {
                    if (stalled) {
                        held.writeBytes(bytes);
                        continue;
                    }
                }
                toClient(bytes);
            }
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(modem);
            closeQuietly(to);
        }
    }

    private synchronized void toClient(byte[] bytes) throws IOException {
        OutputStream out = client.getOutputStream();
        if (byteByByte) {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
            }
        } else {
            out.write(bytes);
            out.flush();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public void close() throws IOException {
        listen.close();
        Socket current = client;
        if (current != null) {
            current.close();
        }
    }
}
