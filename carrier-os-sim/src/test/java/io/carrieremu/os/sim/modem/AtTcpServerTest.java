package io.carrieremu.os.sim.modem;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AtTcpServerTest {

    private static final List<String> SCRIPT = List.of("AT+CMEE=1", "AT+CGSN=1", "AT+CFUN=4", "AT+CIMI",
            "AT%CMNG=0,25,3,\"0102\"", "AT+FOO", "AT+CEREG=5", "AT+CGEREP=1", "AT+CFUN=1", "ADVANCE", "AT+CEREG?",
            "AT%CMNG=0,26,3,\"0102\"");

    private static final Set<String> FINAL = Set.of("OK", "ERROR");

    /** Runs the script on a fresh modem, in-process or through a socket, and returns the modem's transcript. */
    private static String run(boolean overTcp, List<String> clientSaw) throws Exception {
        VirtualClock clock = new VirtualClock();
        Transcript transcript = new Transcript(clock::nowMillis);
        SimModem modem = new SimModem(clock, transcript, SimProfiles.homeNetwork("verizon"),
                SimModem.Identity.nrf9160("352656100367872"), SimProfiles.verizon());
        try (AtTcpServer server = overTcp ? AtTcpServer.start(modem, 0) : null;
             Socket socket = overTcp ? new Socket(server.address().getAddress(), server.address().getPort()) : null) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            if (overTcp) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                Thread reader = new Thread(() -> {
                    try {
                        String line;
                        while ((line = in.readLine()) != null) {
                            received.add(line);
                        }
                    } catch (java.io.IOException e) {
                        // socket closed at the end of the test
                    }
                });
                reader.setDaemon(true);
                reader.start();
            }
            for (String command : SCRIPT) {
                if (command.equals("ADVANCE")) {
                    clock.advance(Duration.ofSeconds(2));
                    continue;
                }
                if (!overTcp) {
                    modem.execute(command);
                    continue;
                }
                OutputStream out = socket.getOutputStream();
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (true) {
                    String line = received.poll(10, TimeUnit.SECONDS);
                    assertThat(line).as("answer to %s", command).isNotNull();
                    clientSaw.add(line);
                    if (FINAL.contains(line) || line.startsWith("+CME ERROR")) {
                        break;
                    }
                }
            }
            clock.runUntilIdle();
            return transcript.print();
        } finally {
            modem.close();
        }
    }

    @Test
    void socketClientGetsTheSameTranscriptAsInProcess() throws Exception {
        String inProcess = run(false, new ArrayList<>());
        List<String> clientSaw = new ArrayList<>();
        String overTcp = run(true, clientSaw);

        assertThat(overTcp).isEqualTo(inProcess);
        assertThat(clientSaw).containsSubsequence(
                "OK", "+CGSN: \"352656100367872\"", "OK", "OK", "311480123456789", "OK", "OK", "ERROR", "OK", "OK",
                "+CEREG: 2", "OK");
        assertThat(clientSaw).contains("+CEREG: 5,1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"", "+CME ERROR: 518");
        assertThat(clientSaw.get(clientSaw.size() - 1)).isEqualTo("+CME ERROR: 518");
    }

    @Test
    void aLineOverTheModemLimitIsRefusedWhileReadingAndTheNextLineIsServed() throws Exception {
        VirtualClock clock = new VirtualClock();
        Transcript transcript = new Transcript(clock::nowMillis);
        SimModem modem = new SimModem(clock, transcript, SimProfiles.homeNetwork("verizon"),
                SimModem.Identity.nrf9160("352656100367872"), SimProfiles.verizon());
        try (AtTcpServer server = AtTcpServer.start(modem, 0);
             Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("AT+CGMI=" + "1".repeat(200_000) + "\r\nAT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("ERROR");
            assertThat(in.readLine()).isEqualTo("OK");
            assertThat(transcript.lines(Transcript.Kind.AT_COMMAND).get(0))
                    .hasSizeLessThan(200).endsWith("longer than the " + SimModem.MAX_LINE_BYTES + "-byte limit)");
        } finally {
            modem.close();
        }
    }
}
