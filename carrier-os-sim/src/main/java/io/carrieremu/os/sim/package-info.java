/**
 * {@link io.carrieremu.core.os.LwM2mOs} over a simulated nRF91-style device (AT modem, SIM card,
 * network, virtual clock, NVS, DFU target) and the simulated carrier side (in-process Leshan servers).
 * Being built in the simulated-device issue.
 */
package io.carrieremu.os.sim;
