/**
 * {@link io.carrieremu.core.os.LwM2mOs} for real gateways, assembled by {@link io.carrieremu.os.jvm.JvmOs}:
 * a scheduler on real time ({@code scheduler}), file-backed NVS ({@code nvs}), an AT channel over a
 * serial port or TCP with PDN, LTE modes and credentials through AT ({@code at}), an owner-only
 * credential store ({@code credential}), the host's network ({@code network}), HTTP(S)/CoAP(S)
 * downloads ({@code download}), a file-backed DFU target ({@code dfu}), reboot as the embedder's action
 * ({@code system}), atomic durable files ({@code file}), and the stack clock ({@code clock}).
 * {@link io.carrieremu.os.jvm.JvmCarrierRunner} restarts the library instance on a reboot.
 */
package io.carrieremu.os.jvm;
