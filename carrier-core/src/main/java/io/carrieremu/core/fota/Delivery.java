package io.carrieremu.core.fota;

/** How the current image reaches the device. */
public enum Delivery {
    /** No image is being delivered. */
    NONE,
    /** Pulled from the Package URI ({@code /5/0/1}) with the OS download client. */
    PULL,
    /** Pushed by the server, written to Package ({@code /5/0/0}) block-wise. */
    PUSH
}
