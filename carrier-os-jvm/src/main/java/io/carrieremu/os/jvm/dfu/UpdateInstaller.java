package io.carrieremu.os.jvm.dfu;

import io.carrieremu.core.os.DfuImageType;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The application's hook that applies a complete, scheduled image: on a gateway, e.g., hand an
 * application image to the bootloader or package manager, or push a modem delta to the modem with its
 * vendor's tool. Called by {@link FileDfuTarget#applyAtBoot()} or {@link FileDfuTarget#applyAtModemInit()}
 * on the caller's thread.
 */
@FunctionalInterface
public interface UpdateInstaller {

    /**
     * Applies the image.
     *
     * @param type the image type
     * @param image the image file (read it; it is deleted afterwards)
     * @throws IOException if the update failed; the target reports it as failed
     */
    void install(DfuImageType type, Path image) throws IOException;
}
