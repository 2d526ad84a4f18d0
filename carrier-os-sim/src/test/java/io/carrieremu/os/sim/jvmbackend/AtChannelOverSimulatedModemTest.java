package io.carrieremu.os.sim.jvmbackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM backend's AT channel against the simulated modem served over TCP ({@code AtTcpServer}),
 * directly and through a bad line: URCs while commands run and inside multi-line responses, split
 * reads, garbage, a command that times out, and the modem going away and coming back.
 */
class AtChannelOverSimulatedModemTest {

    private static final String CGSN = "+CGSN: \"" + TcpModemFixture.IMEI + "\"";

    @Test
    void answersAndUrcsStayApartWhileTheModemRegisters() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(false)) {
            BlockingQueue<String> cereg = new LinkedBlockingQueue<>();
            f.channel.subscribe("+CEREG", cereg::add);
            f.ok("AT+CMEE=1");
            f.ok("AT+CEREG=5");
            f.ok("AT+CGEREP=1");
            f.ok("AT+CFUN=4");
            assertThat(f.ok("AT+CIMI").lines()).containsExactly("311480123456789");
            f.ok("AT+CFUN=1");
            for (int i = 0; i < 30; i++) {
                assertThat(f.ok("AT+CGSN=1").lines()).containsExactly(CGSN);
            }
            assertThat(cereg.poll(10, TimeUnit.SECONDS)).isEqualTo("+CEREG: 2");
            assertThat(cereg.poll(10, TimeUnit.SECONDS)).startsWith("+CEREG: 1,");
            AtResponse read = f.ok("AT+CEREG?");
            assertThat(read.lines()).singleElement().asString().startsWith("+CEREG: 5,1,");
            assertThat(f.channel.send("AT%CMNG=0,25,3,\"0102\"")).isEqualTo(AtResponse.cmeError(518));
            assertThat(f.channel.send("AT+FOO")).isEqualTo(AtResponse.error());
        }
    }

    @Test
    void aUrcSlippedIntoAMultiLineResponseGoesToSubscribers() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(true)) {
            BlockingQueue<String> cgev = new LinkedBlockingQueue<>();
            f.channel.subscribe("+CGEV", cgev::add);
            f.ok("AT%CMNG=0,25,4,\"urn:imei:352656100367872\"");
            f.ok("AT%CMNG=0,26,4,\"id-26\"");
            f.ok("AT%CMNG=0,27,4,\"id-27\"");
            f.proxy.urcInsideResponses = true;
            AtResponse list = f.ok("AT%CMNG=1");
            assertThat(list.lines()).hasSize(3).allMatch(line -> line.startsWith("%CMNG: "));
            assertThat(cgev.poll(10, TimeUnit.SECONDS)).isEqualTo(ModemLinkProxy.INSERTED_URC);
        }
    }

    @Test
    void splitReadsAndGarbageBytesDoNotChangeTheAnswers() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(true)) {
            f.proxy.byteByByte = true;
            f.proxy.garbage = true;
            assertThat(f.ok("AT+CGSN=1").lines()).containsExactly(CGSN);
            assertThat(f.ok("AT+CGMI").lines()).containsExactly("Nordic Semiconductor ASA");
            f.ok("AT+CMEE=1");
            f.ok("AT+CFUN=1");
            assertThat(f.channel.send("AT%CMNG=3,25,3")).isEqualTo(AtResponse.cmeError(518));
        }
    }

    @Test
    void aCommandWhoseAnswerIsHeldBackTimesOutAndTheNextOneWorks() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(true)) {
            f.proxy.stall();
            assertThatThrownBy(() -> f.channel.send("AT+CGMR", Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT));
            f.proxy.release();
            // The late version line arrives unsolicited and its OK is dropped; wait for that, then the
            // channel is in step again. (A late answer racing the next command cannot be told apart.)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (f.channel.strayFinalResults() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(f.channel.strayFinalResults()).isEqualTo(1);
            assertThat(f.ok("AT+CGSN=1").lines()).containsExactly(CGSN);
            assertThat(f.ok("AT+CGMI").lines()).containsExactly("Nordic Semiconductor ASA");
        }
    }

    @Test
    void theModemGoingAwayFailsWithEioAndTheChannelReconnectsWhenItIsBack() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(false)) {
            f.ok("AT+CMEE=1");
            int port = f.server.address().getPort();
            f.server.close();
            assertThatThrownBy(() -> f.channel.send("AT+CGSN=1", Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(OsException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EIO);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                    });
            f.server = io.carrieremu.os.sim.modem.AtTcpServer.start(f.modem, port);
            assertThat(f.channel.awaitConnected(Duration.ofSeconds(10))).isTrue();
            assertThat(f.ok("AT+CGSN=1").lines()).containsExactly(CGSN);
            assertThat(f.ok("AT+CMEE?").lines()).as("the modem kept its state").containsExactly("+CMEE: 1");
            assertThat(f.channel.connectionCount()).isGreaterThanOrEqualTo(2);
        }
    }
}
