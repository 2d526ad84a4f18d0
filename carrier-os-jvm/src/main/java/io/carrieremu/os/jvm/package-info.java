/**
 * {@link io.carrieremu.core.os.LwM2mOs} for real gateways: a scheduler on real time, file-backed NVS, an
 * AT channel over a serial port or TCP, PDN and credentials through AT, HTTP(S)/CoAP(S) downloads and a
 * file-backed DFU target. Not implemented yet (JVM backend issue).
 */
package io.carrieremu.os.jvm;
