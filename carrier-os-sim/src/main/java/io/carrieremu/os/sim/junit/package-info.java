/**
 * A JUnit 5 extension for tests in the simulated world: {@link io.carrieremu.os.sim.junit.CarrierSimTest}
 * on a test class or method gives each test a fresh {@link io.carrieremu.os.sim.scenario.CarrierSim}
 * and injects it and its parts as test method parameters. JUnit Jupiter is an optional dependency of
 * this artifact: a project that uses the extension has it on its test classpath anyway.
 */
package io.carrieremu.os.sim.junit;
