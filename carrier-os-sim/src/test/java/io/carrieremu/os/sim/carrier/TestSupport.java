package io.carrieremu.os.sim.carrier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;

/** What several scenario tests need beside {@code CarrierSim}. */
final class TestSupport {

    private TestSupport() {
    }

    /** Runs {@code body} while two threads keep the CPUs busy (a loaded machine), and returns its result. */
    static <T> T underCpuLoad(Callable<T> body) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread hog = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "cpu-hog-" + i);
            hog.setDaemon(true);
            hog.start();
            hogs.add(hog);
        }
        try {
            return body.call();
        } finally {
            stop.set(true);
            for (Thread hog : hogs) {
                hog.join();
            }
        }
    }

    /** A Leshan server observation listener that hands every single-path notification to {@code notified}. */
    static ObservationListener onNotification(BiConsumer<SingleObservation, ObserveResponse> notified) {
        return new ObservationListener() {
            @Override
            public void newObservation(Observation observation, Registration registration) {
            }

            @Override
            public void cancelled(Observation observation) {
            }

            @Override
            public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                notified.accept(observation, response);
            }

            @Override
            public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
            }

            @Override
            public void onError(Observation observation, Registration registration, Exception error) {
            }
        };
    }
}
