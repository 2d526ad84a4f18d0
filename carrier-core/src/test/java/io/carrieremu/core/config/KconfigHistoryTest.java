package io.carrieremu.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Option names of older generations, as copied from the 3.3-era integration guide and older prj.conf files. */
class KconfigHistoryTest {

    @Test
    void smartcardOptionOfTheGuideIsRefusedWithWhatToUseInstead() {
        assertThatThrownBy(() -> KconfigLoader.parse("prj.conf", "CONFIG_LWM2M_CARRIER=y\nCONFIG_LWM2M_CARRIER_BOOTSTRAP_SMARTCARD=y\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("prj.conf:2: CONFIG_LWM2M_CARRIER_BOOTSTRAP_SMARTCARD: removed in 3.6.0: use CONFIG_UICC_LWM2M"
                        + " (smartcard bootstrap is automatic when it is enabled)");
    }

    @Test
    void lgUplusSerialNumberChoiceNameNamesTheOptionsOfTheChoice() {
        assertThatThrownBy(() -> KconfigLoader.parse("prj.conf", "CONFIG_LWM2M_CARRIER_LG_UPLUS_DEVICE_SERIAL_NUMBER=y\n"))
                .hasMessageContaining("prj.conf:1:")
                .hasMessageContaining("use CONFIG_LWM2M_CARRIER_LG_UPLUS_IMEI=y or CONFIG_LWM2M_CARRIER_LG_UPLUS_2DID=y");
    }

    @Test
    void removedOptionInANotSetCommentIsRefusedToo() {
        assertThatThrownBy(() -> KconfigLoader.parse("prj.conf", "# CONFIG_LWM2M_CARRIER_CERTIFICATION_MODE is not set\n"))
                .hasMessageContaining("removed in 3.1.0: use CONFIG_LWM2M_CARRIER_CUSTOM_URI");
    }

    @Test
    void renamedOptionIsReadUnderItsNewNameAndNoted() throws Exception {
        KconfigLoader.KconfigFile file = KconfigLoader.parse("prj.conf",
                "CONFIG_LWM2M_CARRIER_CUSTOM_URI=\"coaps://dm.example.com:5684\"\n# CONFIG_LWM2M_CARRIER_IS_SERVER_BOOTSTRAP is not set\n");
        assertThat(file.config().isBootstrapServer()).isFalse();
        assertThat(file.notes()).containsExactly(
                "prj.conf:2: CONFIG_LWM2M_CARRIER_IS_SERVER_BOOTSTRAP: renamed in 3.x, read as CONFIG_LWM2M_CARRIER_IS_BOOTSTRAP_SERVER");
    }

    @Test
    void obsoleteOptionIsIgnoredAndNoted() throws Exception {
        KconfigLoader.KconfigFile file = KconfigLoader.parse("prj.conf",
                "CONFIG_LWM2M_CARRIER_USE_CUSTOM_URI=y\nCONFIG_LWM2M_CARRIER_CUSTOM_URI=\"coaps://bs.example.com:5684\"\n");
        assertThat(file.config().serverUri()).isEqualTo("coaps://bs.example.com:5684");
        assertThat(file.notes()).singleElement().asString().startsWith("prj.conf:1: CONFIG_LWM2M_CARRIER_USE_CUSTOM_URI: removed in 3.1.0");
    }

    @Test
    void foreignKeysAreListedOnceEach() throws Exception {
        KconfigLoader.KconfigFile file = KconfigLoader.parse("prj.conf", "CONFIG_NRF_MODEM_LIB=y\nCONFIG_NVS=y\nCONFIG_NRF_MODEM_LIB=y\n");
        assertThat(file.foreignKeys()).containsExactly("CONFIG_NRF_MODEM_LIB", "CONFIG_NVS");
    }
}
