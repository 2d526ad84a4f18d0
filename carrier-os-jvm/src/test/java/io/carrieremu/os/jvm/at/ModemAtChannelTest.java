package io.carrieremu.os.jvm.at;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AT channel against a modem scripted by the test over a real TCP socket. */
class ModemAtChannelTest {

    private static final AtChannelOptions FAST = AtChannelOptions.DEFAULTS.withReconnect(Duration.ofMillis(20), Duration.ofMillis(200));

    private ScriptedModemPeer peer;
    private ModemAtChannel channel;
    private final BlockingQueue<String> notifications = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() throws Exception {
        peer = ScriptedModemPeer.start(0);
        channel = ModemAtChannel.open(peer.transport(), FAST);
        channel.subscribe("", notifications::add);
        assertThat(channel.awaitConnected(Duration.ofSeconds(10))).isTrue();
    }

    @AfterEach
    void close() throws Exception {
        channel.close();
        peer.close();
    }

    /** Sends on another thread so the test can play the modem. */
    private CompletableFuture<AtResponse> sendAsync(String command, Duration timeout) {
        CompletableFuture<AtResponse> result = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                result.complete(channel.send(command, timeout));
            } catch (OsException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "test-sender");
        sender.setDaemon(true);
        sender.start();
        return result;
    }

    private CompletableFuture<AtResponse> sendAsync(String command) {
        return sendAsync(command, Duration.ofSeconds(10));
    }

    private static AtResponse answer(CompletableFuture<AtResponse> response) throws Exception {
        return response.get(10, TimeUnit.SECONDS);
    }

    private static Errno errnoOf(CompletableFuture<AtResponse> response) throws Exception {
        try {
            response.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(OsException.class);
            return ((OsException) e.getCause()).errno();
        }
        throw new AssertionError("the command did not fail");
    }

    @Test
    void finalResultsEndTheCommandWithTheirCodes() throws Exception {
        var ok = sendAsync("AT+CGSN=1");
        assertThat(peer.nextCommand()).isEqualTo("AT+CGSN=1");
        peer.write("\r\n+CGSN: \"352656100367872\"\r\n\r\nOK\r\n");
        assertThat(answer(ok)).isEqualTo(AtResponse.ok(List.of("+CGSN: \"352656100367872\"")));

        var error = sendAsync("AT+FOO");
        peer.nextCommand();
        peer.write("ERROR\r\n");
        assertThat(answer(error)).isEqualTo(AtResponse.error());

        var cme = sendAsync("AT%CMNG=0,25,3,\"0102\"");
        peer.nextCommand();
        peer.write("+CME ERROR: 518\r\n");
        assertThat(answer(cme)).isEqualTo(AtResponse.cmeError(518));

        var cms = sendAsync("AT+CMGS=10");
        peer.nextCommand();
        peer.write("+CMS ERROR: 305\r\n");
        assertThat(answer(cms)).isEqualTo(new AtResponse(List.of(), AtResponse.Status.CMS_ERROR, 305));
    }

    @Test
    void urcsInTheMiddleOfAMultiLineResponseGoToSubscribersNotIntoTheResponse() throws Exception {
        List<String> cereg = new java.util.concurrent.CopyOnWriteArrayList<>();
        channel.subscribe("+CEREG", cereg::add);
        var response = sendAsync("AT+CGDCONT?");
        peer.nextCommand();
        peer.write("+CGDCONT: 0,\"IPV4V6\",\"ims\",\"10.0.0.1\",0,0\r\n"
                + "+CEREG: 1,\"002F\",\"0012BEEF\",7\r\n"
                + "+CGDCONT: 1,\"IP\",\"vzwadmin\",\"\",0,0\r\n"
                + "+CGEV: ME PDN ACT 1\r\n"
                + "OK\r\n");
        assertThat(answer(response).lines()).containsExactly(
                "+CGDCONT: 0,\"IPV4V6\",\"ims\",\"10.0.0.1\",0,0", "+CGDCONT: 1,\"IP\",\"vzwadmin\",\"\",0,0");
        assertThat(notifications.poll(10, TimeUnit.SECONDS)).isEqualTo("+CEREG: 1,\"002F\",\"0012BEEF\",7");
        assertThat(notifications.poll(10, TimeUnit.SECONDS)).isEqualTo("+CGEV: ME PDN ACT 1");
        assertThat(cereg).containsExactly("+CEREG: 1,\"002F\",\"0012BEEF\",7");
    }

    @Test
    void bareInformationLinesBelongToTheCommand() throws Exception {
        var response = sendAsync("AT+CIMI");
        peer.nextCommand();
        peer.write("%XSIM: 1\r\n311480123456789\r\nOK\r\n");
        assertThat(answer(response).lines()).containsExactly("311480123456789");
        assertThat(notifications.poll(10, TimeUnit.SECONDS)).isEqualTo("%XSIM: 1");
    }

    @Test
    void linesSplitAcrossReadsAnywhere() throws Exception {
        var response = sendAsync("AT+CEREG?");
        peer.nextCommand();
        peer.writeByteByByte("\r\n+CEREG: 5,1,\"2F02\",\"00B7F901\",7\r\n+CGEV: NW DETACH\r\nOK\r\n");
        assertThat(answer(response).lines()).containsExactly("+CEREG: 5,1,\"2F02\",\"00B7F901\",7");
        assertThat(notifications.poll(10, TimeUnit.SECONDS)).isEqualTo("+CGEV: NW DETACH");
    }

    @Test
    void theEchoOfTheCommandIsDropped() throws Exception {
        var response = sendAsync("AT+CGMI");
        peer.nextCommand();
        peer.write("AT+CGMI\r\nNordic Semiconductor ASA\r\nOK\r\n");
        assertThat(answer(response).lines()).containsExactly("Nordic Semiconductor ASA");
    }

    @Test
    void garbageBytesOnTheLineAreIgnored() throws Exception {
        var response = sendAsync("AT+CGSN=1");
        peer.nextCommand();
        peer.write("\u0000\u00ff\u00fe\r\n\u0000+CGSN: \"352656100367872\"\u0007\r\n\u00ff\u0000O\u00ffK\r\n");
        assertThat(answer(response)).isEqualTo(AtResponse.ok(List.of("+CGSN: \"352656100367872\"")));
        peer.write("\u00ff\u00ff\r\n+CEREG: 2\r\n");
        assertThat(notifications.poll(10, TimeUnit.SECONDS)).isEqualTo("+CEREG: 2");
    }

    @Test
    void aCommandWithoutFinalResultTimesOutAndItsLateAnswerIsDropped() throws Exception {
        var silent = sendAsync("AT+COPS=?", Duration.ofMillis(300));
        assertThat(peer.nextCommand()).isEqualTo("AT+COPS=?");
        assertThat(errnoOf(silent)).isEqualTo(Errno.ETIMEDOUT);
        peer.write("+COPS: (2,\"\",\"\",\"26201\",7)\r\nOK\r\n");
        assertThat(notifications.poll(10, TimeUnit.SECONDS)).as("a late prefixed line is unsolicited now")
                .isEqualTo("+COPS: (2,\"\",\"\",\"26201\",7)");
        // The late OK follows its line on the reader's thread; the next command goes out once it was dropped
        // (the modem does not tag answers: one that came after the next command could not be told apart).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (channel.strayFinalResults() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(channel.strayFinalResults()).as("the late OK was dropped").isEqualTo(1);
        var next = sendAsync("AT+CFUN?");
        assertThat(peer.nextCommand()).isEqualTo("AT+CFUN?");
        peer.write("+CFUN: 1\r\nOK\r\n");
        assertThat(answer(next)).isEqualTo(AtResponse.ok(List.of("+CFUN: 1")));
    }

    @Test
    void oneCommandIsOnTheWireAtATime() throws Exception {
        var first = sendAsync("AT+CFUN?");
        assertThat(peer.nextCommand()).isEqualTo("AT+CFUN?");
        var second = sendAsync("AT+CIMI");
        assertThat(peer.noCommandWithin(150)).as("the second waits for the first's answer").isTrue();
        peer.write("+CFUN: 4\r\nOK\r\n");
        assertThat(answer(first).lines()).containsExactly("+CFUN: 4");
        assertThat(peer.nextCommand()).isEqualTo("AT+CIMI");
        peer.write("311480123456789\r\nOK\r\n");
        assertThat(answer(second).lines()).containsExactly("311480123456789");
    }

    @Test
    void theModemDisappearingFailsTheWaitingCommandAndTheChannelReconnects() throws Exception {
        AtomicInteger connected = new AtomicInteger();
        channel.onConnected(connected::incrementAndGet);
        var waiting = sendAsync("AT+CFUN=1");
        assertThat(peer.nextCommand()).isEqualTo("AT+CFUN=1");
        int port = peer.port();
        peer.close();
        try {
            waiting.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the command did not fail");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(OsException.class, os -> {
                assertThat(os.errno()).isEqualTo(Errno.EIO);
                assertThat(os.getMessage()).contains("AT+CFUN=1").contains("dropped").contains("tcp 127.0.0.1:" + port);
            });
        }
        assertThatThrownBy(() -> channel.send("AT", Duration.ofMillis(100)))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO));

        peer = ScriptedModemPeer.start(port);
        assertThat(channel.awaitConnected(Duration.ofSeconds(10))).isTrue();
        var after = sendAsync("AT");
        assertThat(peer.nextCommand()).isEqualTo("AT");
        peer.write("OK\r\n");
        assertThat(answer(after).isOk()).isTrue();
        assertThat(channel.connectionCount()).isEqualTo(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connected.get() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        // The first connection's announcement may also land here: it is delivered after awaitConnected returned.
        assertThat(connected.get()).as("the reconnection is announced").isBetween(1, 2);
    }

    @Test
    void aDroppedConnectionWithTheServerStillThereReconnectsAtOnce() throws Exception {
        var waiting = sendAsync("AT+CEREG?");
        peer.nextCommand();
        peer.dropConnection();
        assertThat(errnoOf(waiting)).isEqualTo(Errno.EIO);
        var after = sendAsync("AT+CEREG?");
        assertThat(peer.nextCommand()).isEqualTo("AT+CEREG?");
        peer.write("+CEREG: 0,4\r\nOK\r\n");
        assertThat(answer(after).lines()).containsExactly("+CEREG: 0,4");
        assertThat(peer.connections()).isEqualTo(2);
    }

    @Test
    void closingCancelsTheWaitingCommandAndLaterOnes() throws Exception {
        var waiting = sendAsync("AT+CFUN?");
        peer.nextCommand();
        channel.close();
        assertThat(errnoOf(waiting)).isEqualTo(Errno.ECANCELED);
        assertThatThrownBy(() -> channel.send("AT"))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ECANCELED));
    }

    @Test
    void noModemAtAllFailsWithEioAfterTheTimeout() throws Exception {
        // A port bound by a socket that does not listen: reserved for this test, and every connection to
        // it is refused (a port merely freed could be taken by another process meanwhile).
        try (java.net.Socket reserved = new java.net.Socket()) {
            reserved.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            try (ModemAtChannel lonely = ModemAtChannel.open(new TcpAtTransport("127.0.0.1", reserved.getLocalPort()), FAST)) {
                assertThatThrownBy(() -> lonely.send("AT", Duration.ofMillis(200)))
                        .isInstanceOfSatisfying(OsException.class, e -> {
                            assertThat(e.errno()).isEqualTo(Errno.EIO);
                            assertThat(e.getMessage()).contains("no connection to the modem");
                        });
            }
        }
    }

    @Test
    void aCredentialWriteThatFailsDoesNotPutTheKeyInTheMessage() throws Exception {
        var write = sendAsync("AT%CMNG=0,25,3,\"00112233445566778899aabbccddeeff\"", Duration.ofMillis(200));
        peer.nextCommand();
        try {
            write.get(10, TimeUnit.SECONDS);
            throw new AssertionError("did not time out");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause().getMessage()).contains("AT%CMNG=0,25,3,").doesNotContain("00112233445566778899aabbccddeeff");
        }
    }

    @Test
    void commandsWithLineBreaksAreRefused() {
        assertThatThrownBy(() -> channel.send("AT\r\nAT")).isInstanceOf(IllegalArgumentException.class);
    }
}
