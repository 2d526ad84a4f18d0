package io.carrieremu.core.os;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DfuTarget#detect(byte[])} found in the first bytes of an image.
 *
 * @param type the image type, {@link DfuImageType#NONE} if not recognised
 * @param header for {@link DfuImageType#APPLICATION_FILE}, the part's header; empty otherwise
 */
public record DfuImageDetection(DfuImageType type, Optional<DfuHeader> header) {

    /** Checks the components and copies mutable ones. */
    public DfuImageDetection {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(header, "header");
        if (header.isPresent() != (type == DfuImageType.APPLICATION_FILE)) {
            throw new IllegalArgumentException("a header comes with APPLICATION_FILE and only with it");
        }
    }

    /** Nothing recognised. */
    public static DfuImageDetection none() {
        return new DfuImageDetection(DfuImageType.NONE, Optional.empty());
    }

    /** A whole image of {@code type} (not {@code APPLICATION_FILE}). */
    public static DfuImageDetection of(DfuImageType type) {
        return new DfuImageDetection(type, Optional.empty());
    }
}
