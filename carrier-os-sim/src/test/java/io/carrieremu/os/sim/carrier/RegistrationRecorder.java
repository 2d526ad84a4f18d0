package io.carrieremu.os.sim.carrier;

import io.carrieremu.os.sim.scenario.CarrierSim;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationUpdate;

/**
 * Records the registrations and updates a DM server accepted, as its Leshan registration service
 * reports them ({@link #at} before the device boots, to see its first registration).
 */
class RegistrationRecorder implements RegistrationListener {
    final List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());
    final List<String> updates = Collections.synchronizedList(new ArrayList<>());

    /** A recorder listening to DM server {@code ssid} of the world (from now on). */
    static RegistrationRecorder at(CarrierSim sim, int ssid) {
        RegistrationRecorder recorder = new RegistrationRecorder();
        sim.carrier().dmServer(ssid).getRegistrationService().addListener(recorder);
        return recorder;
    }

    @Override
    public void registered(Registration registration, Registration previousReg, Collection<Observation> previousObservations) {
        registrations.add(registration);
    }

    @Override
    public void updated(RegistrationUpdate update, Registration updatedReg, Registration previousReg) {
        updates.add(updatedReg.getEndpoint());
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired, Registration newReg) {
    }
}
