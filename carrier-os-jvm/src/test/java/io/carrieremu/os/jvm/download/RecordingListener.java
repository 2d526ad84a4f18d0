package io.carrieremu.os.jvm.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.os.DownloadEvent;
import io.carrieremu.core.os.DownloadListener;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records a download's events and the threads they came on; can stop after some bytes. */
final class RecordingListener implements DownloadListener {

    final List<DownloadEvent> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Predicate<Integer> keepGoing;

    RecordingListener() {
        this(received -> true);
    }

    /** @param keepGoing given the bytes received so far, whether to go on */
    RecordingListener(Predicate<Integer> keepGoing) {
        this.keepGoing = keepGoing;
    }

    @Override
    public boolean onEvent(DownloadEvent event) {
        events.add(event);
        threads.add(Thread.currentThread().getName());
        if (event instanceof DownloadEvent.Fragment fragment) {
            synchronized (bytes) {
                bytes.writeBytes(fragment.data());
                return keepGoing.test(bytes.size());
            }
        }
        if (event instanceof DownloadEvent.Closed) {
            closed.countDown();
        }
        return true;
    }

    RecordingListener awaitClosed() throws InterruptedException {
        assertThat(closed.await(20, TimeUnit.SECONDS)).as("Closed within 20 s").isTrue();
        return this;
    }

    byte[] received() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    /** The events without fragments. */
    List<DownloadEvent> ending() {
        return events.stream().filter(e -> !(e instanceof DownloadEvent.Fragment)).toList();
    }
}
