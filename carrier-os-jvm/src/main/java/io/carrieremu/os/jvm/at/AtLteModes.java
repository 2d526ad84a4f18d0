package io.carrieremu.os.jvm.at;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.LteMode;
import io.carrieremu.core.os.LteModes;
import io.carrieremu.core.os.OsException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LteModes} over {@code AT%XSYSTEMMODE} ({@code <LTE-M>,<NB-IoT>,<GNSS>,<preference>}, preference
 * 1 = LTE-M, 2 = NB-IoT), remembering the application's preference so {@link LteMode#NONE} can restore it.
 */
public final class AtLteModes implements LteModes {

    private final AtChannel at;
    private Integer applicationPreference;

    /** LTE modes through {@code at}. */
    public AtLteModes(AtChannel at) {
        this.at = at;
    }

    @Override
    public List<LteMode> enabled() throws OsException {
        int[] mode = read();
        List<LteMode> modes = new ArrayList<>();
        if (mode[0] == 1) {
            modes.add(LteMode.CAT_M1);
        }
        if (mode[1] == 1) {
            modes.add(LteMode.CAT_NB1);
        }
        return modes;
    }

    @Override
    public synchronized void prefer(LteMode mode) throws OsException {
        int[] current = read();
        int preference;
        if (mode == LteMode.NONE) {
            if (applicationPreference == null) {
                return;
            }
            preference = applicationPreference;
        } else {
            if (applicationPreference == null) {
                applicationPreference = current[3];
            }
            preference = mode == LteMode.CAT_M1 ? 1 : 2;
        }
        AtResponse response = at.send("AT%XSYSTEMMODE=" + current[0] + "," + current[1] + "," + current[2] + "," + preference);
        if (!response.isOk()) {
            throw new OsException(refusedWhileOnline(response) ? Errno.EACCES : Errno.EIO,
                    "AT%XSYSTEMMODE refused: " + response.finalLine());
        }
        if (mode == LteMode.NONE) {
            applicationPreference = null;
        }
    }

    /** CME 518, or a plain ERROR (CMEE off) while {@code AT+CFUN?} says LTE is on. */
    private boolean refusedWhileOnline(AtResponse response) throws OsException {
        if (response.status() == AtResponse.Status.CME_ERROR) {
            return response.errorCode() == 518;
        }
        return at.send("AT+CFUN?").lines().contains("+CFUN: 1");
    }

    private int[] read() throws OsException {
        AtResponse response = at.send("AT%XSYSTEMMODE?");
        if (!response.isOk()) {
            throw new OsException(Errno.EIO, "AT%XSYSTEMMODE? failed: " + response.finalLine());
        }
        for (String line : response.lines()) {
            try {
                var params = AtParameters.ofResponse(line, "%XSYSTEMMODE");
                if (params.isPresent()) {
                    if (params.get().size() != 4) {
                        throw new OsException(Errno.EIO, "%XSYSTEMMODE has " + params.get().size() + " values, expected 4");
                    }
                    int[] values = new int[4];
                    for (int i = 0; i < 4; i++) {
                        values[i] = params.get().get(i).asInt();
                    }
                    return values;
                }
            } catch (AtSyntaxException e) {
                throw new OsException(Errno.EIO, "malformed %XSYSTEMMODE: " + e.getMessage());
            }
        }
        throw new OsException(Errno.EIO, "no %XSYSTEMMODE line");
    }
}
