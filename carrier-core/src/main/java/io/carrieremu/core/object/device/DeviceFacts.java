package io.carrieremu.core.object.device;

import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.config.LgUplusSerialNumberType;
import io.carrieremu.core.modem.ModemInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Device object reports about the device that does not change while the library runs: the
 * modem's answers with the configuration's overrides and the carrier's rules applied.
 *
 * @param manufacturer {@code /3/0/0}
 * @param model {@code /3/0/1}
 * @param serialNumber {@code /3/0/2}
 * @param firmwareVersion {@code /3/0/3}
 * @param hardwareVersion {@code /3/0/18}
 * @param deviceType {@code /3/0/17}
 * @param softwareVersion {@code /3/0/19} in full: library version, separator, application part
 * @param supportedBinding {@code /3/0/16}
 * @param carrier the carrier the rules came from
 * @param iccid the SIM's ICCID (Verizon's {@code /3/0/30000/0})
 */
public record DeviceFacts(String manufacturer, String model, String serialNumber, String firmwareVersion,
        String hardwareVersion, String deviceType, String softwareVersion, String supportedBinding, Carrier carrier,
        String iccid) {

    /** The library's part of {@code /3/0/19}. */
    public static final String LIBRARY_VERSION = "LwM2M_carrier_3.7.0";
    /** {@code /3/0/17} unless configured (SoftBank: the IMEI). */
    public static final String DEFAULT_DEVICE_TYPE = "Module";

    /** Checks the components and copies mutable ones. */
    public DeviceFacts {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        Objects.requireNonNull(hardwareVersion, "hardwareVersion");
        Objects.requireNonNull(deviceType, "deviceType");
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        Objects.requireNonNull(supportedBinding, "supportedBinding");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(iccid, "iccid");
    }

    /**
     * The facts for a device on {@code carrier}.
     *
     * <ul>
     *   <li>manufacturer and model: the configuration's, where the carrier allows an override (LG U+ and
     *       generic), else the modem's; LG U+ appends {@code -<service code>} to the model;</li>
     *   <li>serial number: the IMEI; LG U+ with serial type 2DID: the module's 2DID when the modem gives
     *       one, else the IMEI;</li>
     *   <li>device type: SoftBank the IMEI, else the configuration's, else "Module";</li>
     *   <li>hardware version: the configuration's, else the modem's;</li>
     *   <li>software version: the library version, then the application part after a line break
     *       (SoftBank: a colon);</li>
     *   <li>supported binding: U, with Q in queue mode.</li>
     * </ul>
     *
     * @param twoDid the module's 2DID, if the modem gave one
     */
    public static DeviceFacts of(ModemInfo modem, CarrierConfig config, Carrier carrier, Optional<String> twoDid,
            String iccid) {
        boolean overridable = carrier == Carrier.LG_UPLUS || carrier == Carrier.GENERIC;
        String manufacturer = overridable && !config.manufacturer().isEmpty() ? config.manufacturer() : modem.manufacturer();
        String model = overridable && !config.modelNumber().isEmpty() ? config.modelNumber() : modem.model();
        String serial = modem.imei();
        if (carrier == Carrier.LG_UPLUS) {
            if (!config.lgUplusServiceCode().isEmpty()) {
                model = model + "-" + config.lgUplusServiceCode();
            }
            if (config.lgUplusSerialNumberType() == LgUplusSerialNumberType.TWO_DID && twoDid.isPresent()) {
                serial = twoDid.get();
            }
        }
        String deviceType = carrier == Carrier.SOFTBANK ? modem.imei()
                : config.deviceType().isEmpty() ? DEFAULT_DEVICE_TYPE : config.deviceType();
        String hardware = config.hardwareVersion().isEmpty() ? modem.hardwareVersion() : config.hardwareVersion();
        return new DeviceFacts(manufacturer, model, serial, modem.firmwareVersion(), hardware, deviceType,
                softwareVersion(carrier, config.softwareVersion()), config.disableQueueMode() ? "U" : "UQ", carrier, iccid);
    }

    /** {@code /3/0/19}: the library version, then {@code application} after the carrier's separator. */
    public static String softwareVersion(Carrier carrier, String application) {
        if (application.isEmpty()) {
            return LIBRARY_VERSION;
        }
        return LIBRARY_VERSION + (carrier == Carrier.SOFTBANK ? ":" : "\n") + application;
    }
}
