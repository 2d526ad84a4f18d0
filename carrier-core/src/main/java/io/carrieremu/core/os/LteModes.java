package io.carrieremu.core.os;

import java.util.List;

/** The modem's LTE system modes ({@code lwm2m_os_lte_modes_get}, {@code lwm2m_os_lte_mode_request}). */
public interface LteModes {

    /**
     * The enabled LTE modes: {@code [CAT_M1]}, {@code [CAT_NB1]}, {@code [CAT_M1, CAT_NB1]}, or empty.
     *
     * @throws OsException {@code EIO} the modem's answer could not be read
     */
    List<LteMode> enabled() throws OsException;

    /**
     * Prefers LTE-M ({@link LteMode#CAT_M1}) or NB-IoT ({@link LteMode#CAT_NB1}), remembering the
     * application's preference; {@link LteMode#NONE} restores it. Enabled modes are kept.
     *
     * @throws OsException {@code EACCES} the modem allows the change only while offline (CFUN=0/4),
     *     {@code EIO} the modem refused; the preference is unchanged
     */
    void prefer(LteMode mode) throws OsException;
}
