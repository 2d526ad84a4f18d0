package io.carrieremu.os.sim.jvmbackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.carrier.CarrierDetector;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.carrier.SubscriberReader;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.LteMode;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnActivation;
import io.carrieremu.core.os.PdnEvent;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.os.jvm.at.AtCredentials;
import io.carrieremu.os.jvm.at.AtLteModes;
import io.carrieremu.os.jvm.at.AtPdn;
import io.carrieremu.os.jvm.credential.CredentialStore;
import io.carrieremu.os.jvm.scheduler.JvmScheduler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PDN, LTE modes, credentials and subscriber detection of the JVM backend through its AT channel to the
 * simulated modem over TCP, on real time.
 */
class ModemServicesOverTcpTest {

    private static final Psk KEY = Psk.ofHex("000102030405060708090a0b0c0d0e0f");

    @TempDir
    Path temp;

    private static Errno errno(Throwable e) {
        return ((OsException) e).errno();
    }

    @Test
    void pdnActivatesThroughAtWithItsEvents() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(false); JvmScheduler scheduler = new JvmScheduler()) {
            AtPdn pdn = new AtPdn(f.channel, scheduler);
            BlockingQueue<PdnEvent> events = new LinkedBlockingQueue<>();
            BlockingQueue<String> cereg = new LinkedBlockingQueue<>();
            f.channel.subscribe("+CEREG: 1", cereg::add);
            f.ok("AT+CMEE=1");
            f.ok("AT+CEREG=1");
            f.ok("AT+CFUN=1");
            // The modem's clock runs on its own: wait for registration before activating.
            assertThat(cereg.poll(10, TimeUnit.SECONDS)).as("registered").isNotNull();
            int cid = pdn.createContext((c, event, reason) -> events.add(event));
            pdn.configure(cid, "vzwadmin", PdnFamily.IPV4V6);
            PdnActivation activation = pdn.activate(cid).get(10, TimeUnit.SECONDS);
            assertThat(activation.cid()).isEqualTo(cid);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo(PdnEvent.ACTIVATED);
            assertThat(pdn.pdnId(cid)).isGreaterThanOrEqualTo(0);
            pdn.close();
        }
    }

    @Test
    void credentialsAreRefusedWhileOnlineClassifiedFromTheModemsAnswers() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(false)) {
            CredentialStore store = CredentialStore.open(temp);
            AtCredentials credentials = new AtCredentials(f.channel, store);
            f.ok("AT+CFUN=1");
            // CMEE off: a plain ERROR, explained by AT+CFUN?.
            assertThatThrownBy(() -> credentials.write(25, Credential.psk(KEY))).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
            f.ok("AT+CMEE=1");
            assertThatThrownBy(() -> credentials.write(25, Credential.psk(KEY))).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
            assertThat(store.contains(25, CredentialType.PSK)).isFalse();

            f.ok("AT+CFUN=4");
            credentials.write(25, Credential.psk(KEY));
            credentials.write(25, Credential.pskIdentity("urn:imei:352656100367872"));
            assertThat(f.modem.credential(25, CredentialType.PSK.code())).contains(KEY.hex());
            assertThat(credentials.exists(25, CredentialType.PSK)).isTrue();
            assertThat(credentials.exists(26, CredentialType.PSK)).isFalse();
            assertThat(credentials.psk(25)).contains(KEY);
            assertThat(credentials.pskIdentity(25)).contains("urn:imei:352656100367872");

            credentials.delete(25, CredentialType.PSK);
            assertThat(credentials.psk(25)).isEmpty();
            assertThatThrownBy(() -> credentials.delete(25, CredentialType.PSK)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.ENOENT));
            f.ok("AT+CMEE=0");
            assertThatThrownBy(() -> credentials.delete(25, CredentialType.PSK)).as("plain ERROR, nothing listed")
                    .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.ENOENT));
        }
    }

    @Test
    void lteModesThroughXsystemmode() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(false)) {
            AtLteModes modes = new AtLteModes(f.channel);
            assertThat(modes.enabled()).containsExactly(LteMode.CAT_M1);
            f.ok("AT+CMEE=1");
            f.ok("AT+CFUN=1");
            assertThatThrownBy(() -> modes.prefer(LteMode.CAT_NB1)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
            f.ok("AT+CFUN=4");
            modes.prefer(LteMode.CAT_NB1);
            assertThat(f.ok("AT%XSYSTEMMODE?").lines()).containsExactly("%XSYSTEMMODE: 1,0,1,2");
            modes.prefer(LteMode.NONE);
            assertThat(f.ok("AT%XSYSTEMMODE?").lines()).containsExactly("%XSYSTEMMODE: 1,0,1,0");
        }
    }

    @Test
    void aModemWithoutXoperidStillDetectsTheCarrierFromCimi() throws Exception {
        try (TcpModemFixture f = new TcpModemFixture(true)) {
            f.proxy.refusedPrefixes.add("AT%XOPERID");
            f.ok("AT+CFUN=4");
            assertThat(f.channel.send("AT%XOPERID").finalLine()).isEqualTo("ERROR");
            Subscriber subscriber = new SubscriberReader(f.channel).read();
            assertThat(subscriber.operatorId()).isZero();
            assertThat(subscriber.imsi()).isEqualTo("311480123456789");
            assertThat(new CarrierDetector(CarrierProfiles.builtIn()).subscriberCarrier(subscriber)).isEqualTo(Carrier.VERIZON);
            assertThat(List.of(subscriber.imei())).containsExactly(TcpModemFixture.IMEI);
        }
    }
}
