/**
 * Ready-made simulated worlds: {@link io.carrieremu.os.sim.scenario.CarrierSim} puts a simulated device
 * with its application and its carrier's servers into one world, provisioned and wired, with the
 * faults of {@link io.carrieremu.os.sim.scenario.CarrierFault} — what the sample, the JUnit extension
 * ({@code os.sim.junit}) and tests build on.
 */
package io.carrieremu.os.sim.scenario;
