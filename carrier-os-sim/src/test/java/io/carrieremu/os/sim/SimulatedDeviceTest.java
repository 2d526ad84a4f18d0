package io.carrieremu.os.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.LteMode;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.SmsDeliver;
import io.carrieremu.core.os.WorkQueue;
import io.carrieremu.os.sim.dfu.SimDfuTarget;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import io.carrieremu.os.sim.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedDeviceTest {

    private SimulatedDevice device = SimulatedDevice.builder().build();

    @AfterEach
    void close() {
        device.close();
    }

    private static Errno errno(Throwable e) {
        return ((OsException) e).errno();
    }

    @Test
    void rebootRequestedByTheCoreStartsTheFirmwareAgainOnTheSameStorage() throws Exception {
        List<Integer> bootsSeen = new ArrayList<>();
        device.onBoot(os -> bootsSeen.add(device.boots()));
        LwM2mOs first = device.os();
        first.storage().write(0xCA00, "kept".getBytes(StandardCharsets.UTF_8));
        device.clock().advance(Duration.ofMinutes(5));
        WorkQueue queue = first.scheduler().workQueue(0, "wq0");
        queue.submit(() -> first.system().reboot());
        device.clock().runUntilIdle();

        assertThat(bootsSeen).containsExactly(1, 2);
        LwM2mOs second = device.os();
        assertThat(second).isNotSameAs(first);
        assertThat(second.scheduler().uptimeMillis()).as("uptime restarts").isZero();
        assertThat(new String(second.storage().read(0xCA00).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("kept");
        AtomicInteger oldQueueRuns = new AtomicInteger();
        queue.submit(oldQueueRuns::incrementAndGet);
        device.clock().runUntilIdle();
        assertThat(oldQueueRuns).as("the old boot's work queues are gone").hasValue(0);
        assertThat(device.transcript().lines(Transcript.Kind.DEVICE)).contains("reboot requested", "boot 2");
    }

    @Test
    void credentialsAreRefusedWhileLinkedAndUsableByTagOtherwise() throws Exception {
        LwM2mOs os = device.os();
        Psk psk = Psk.ofHex("000102030405060708090a0b0c0d0e0f");
        os.at().send("AT+CFUN=1");
        assertThatThrownBy(() -> os.credentials().write(25, Credential.psk(psk))).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
        os.at().send("AT+CFUN=4");
        os.credentials().write(25, Credential.psk(psk));
        os.credentials().write(25, Credential.pskIdentity("urn:imei:352656100367872"));
        assertThat(os.credentials().exists(25, CredentialType.PSK)).isTrue();
        assertThat(os.credentials().exists(26, CredentialType.PSK)).isFalse();
        assertThat(os.credentials().psk(25)).contains(psk);
        assertThat(os.credentials().pskIdentity(25)).contains("urn:imei:352656100367872");
        assertThat(os.at().send("AT%CMNG=2,25,3").isOk()).as("no read-back over AT").isFalse();

        device.reboot();
        assertThat(device.os().credentials().psk(25)).as("credentials survive a reboot").contains(psk);
        device.os().credentials().delete(25, CredentialType.PSK);
        assertThatThrownBy(() -> device.os().credentials().delete(25, CredentialType.PSK))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.ENOENT));
        assertThat(device.transcript().print()).doesNotContain("Psk[").contains("AT%CMNG=0,25,3");
    }

    @Test
    void lteModesGoThroughXsystemmode() throws Exception {
        LwM2mOs os = device.os();
        assertThat(os.lteModes().enabled()).containsExactly(LteMode.CAT_M1);
        os.at().send("AT+CFUN=1");
        assertThatThrownBy(() -> os.lteModes().prefer(LteMode.CAT_NB1)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EACCES));
        os.at().send("AT+CFUN=4");
        os.lteModes().prefer(LteMode.CAT_NB1);
        assertThat(os.at().send("AT%XSYSTEMMODE?").lines()).containsExactly("%XSYSTEMMODE: 1,0,1,2");
        os.lteModes().prefer(LteMode.NONE);
        assertThat(os.at().send("AT%XSYSTEMMODE?").lines()).containsExactly("%XSYSTEMMODE: 1,0,1,0");
    }

    @Test
    void smsReachesRegisteredListeners() throws Exception {
        List<SmsDeliver> received = Collections.synchronizedList(new ArrayList<>());
        device.os().sms().register(received::add);
        SmsDeliver message = new SmsDeliver("+15550001111", OptionalInt.of(2948), new byte[] {1, 2});
        device.deliverSms(message);
        device.clock().runUntilIdle();
        assertThat(received).as("LTE is off: not delivered").isEmpty();
        device.os().at().send("AT+CFUN=1");
        device.deliverSms(message);
        device.clock().runUntilIdle();
        assertThat(received).containsExactly(message);
    }

    @Test
    void smartcardRecordIsReadThroughTheOsLayer() throws Exception {
        device.close();
        List<SmartcardBootstrap.Instance> instances = List.of(SmartcardBootstrap.Instance.server(0, 1, 300, "U", false));
        device = SimulatedDevice.builder()
                .sim(SimProfiles.builder("t-mobile").files(SmartcardBootstrap.files(SimProfiles.tMobile().iccid(), instances,
                        SmartcardBootstrap.OidEncoding.DER)).build())
                .build();
        device.os().at().send("AT+CFUN=4");
        assertThat(device.os().uicc().readBootstrapRecord(1024)).hasValueSatisfying(
                record -> assertThat(record).isEqualTo(SmartcardBootstrap.record(instances)));
    }

    @Test
    void smartcardBootstrapCanBeLeftOut() {
        device.close();
        device = SimulatedDevice.builder().smartcardBootstrap(false).build();
        assertThat(device.os().uicc().bootstrapEnabled()).isFalse();
        assertThatThrownBy(() -> device.os().uicc().readBootstrapRecord(1024)).satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.ENOTSUP));
    }

    @Test
    void modemDeltaIsAppliedByTheNextModemInit() throws Exception {
        byte[] delta = SimDfuTarget.modemDeltaImage("mfw_nrf9160_1.3.7", 100);
        var dfu = device.os().dfu();
        dfu.start(DfuImageType.MODEM_DELTA, delta.length, true);
        dfu.fragment(delta, SimDfuTarget.crc32(delta));
        dfu.done(true, SimDfuTarget.crc32(delta));
        dfu.scheduleUpdate();
        device.modemShutdown();
        assertThat(device.modemInit()).isEqualTo(ModemInitResult.UPDATED);
        assertThat(device.os().at().send("AT+CGMR").lines()).containsExactly("mfw_nrf9160_1.3.7");
    }

    @Test
    void stateDirectoryKeepsNvsForTheNextDevice(@TempDir Path state) throws Exception {
        device.close();
        device = SimulatedDevice.builder().stateDirectory(state).build();
        device.os().storage().write(0xCA05, new byte[] {42});
        device.close();
        device = SimulatedDevice.builder().stateDirectory(state).build();
        assertThat(device.os().storage().read(0xCA05)).hasValueSatisfying(v -> assertThat(v).containsExactly(42));
    }

    @Test
    void everyProfileAttachesToItsHomeNetwork() throws Exception {
        for (String id : SimProfiles.IDS) {
            device.close();
            device = SimulatedDevice.builder().profile(id).build();
            device.os().at().send("AT+CFUN=1");
            device.clock().advance(Duration.ofSeconds(2));
            assertThat(device.modem().isRegistered()).as(id).isTrue();
            String plmn = SimProfiles.card(id).homePlmn();
            assertThat(device.os().at().send("AT+COPS?").lines()).as(id).containsExactly("+COPS: 0,2,\"" + plmn + "\",7");
        }
    }
}
