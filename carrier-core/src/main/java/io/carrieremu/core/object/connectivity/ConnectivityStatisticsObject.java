package io.carrieremu.core.object.connectivity;

import io.carrieremu.core.object.connectivity.ConnectivityModem.ConnectionStatistics;
import io.carrieremu.core.object.model.ObjectSpec;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connectivity Statistics (7), instance 0: the modem counts ({@code %XCONNSTAT}), the object reads.
 *
 * <p>0..5 (SMS sent and received, kB sent and received, largest and average message) are read from
 * {@code AT%XCONNSTAT?} on every read. Start (6) sends {@code AT%XCONNSTAT=1}, which resets the modem's
 * counters, and — if the Collection Period (8) is not 0 — stops the collection that many seconds later
 * on the library's work queue; Stop (7) sends {@code AT%XCONNSTAT=0}. The counters stay readable after a
 * stop. The collection period is what a server wrote (default 0: until Stop) and survives reboots.
 * A read of the instance takes all six counters from one {@code AT%XCONNSTAT?} answer.
 */
public final class ConnectivityStatisticsObject extends ModemBackedInstance {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectivityStatisticsObject.class);
    private static final Set<Integer> SERVED = ids(0, 1, 2, 3, 4, 5, 6, 7, 8);
    private static final Set<Integer> PERSISTED = ids(8);
    private static final int COLLECTION_PERIOD = 8;

    private final ConnectivityModem modem;
    private final OsTimer periodEnd;
    private final WorkQueue queue;

    /**
     * @param periodEnd a timer of the library whose handler must call {@link #collectionPeriodEnded()}
     * @param queue the library's work queue, where the timer runs
     */
    public ConnectivityStatisticsObject(ObjectSpec spec, Executor notifications, ConnectivityModem modem, OsTimer periodEnd,
            WorkQueue queue) {
        super(spec, 0, notifications, modem);
        this.modem = modem;
        this.periodEnd = Objects.requireNonNull(periodEnd, "periodEnd");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected Set<Integer> persisted() {
        return PERSISTED;
    }

    @Override
    protected LwM2mResource defaultValue(int resourceId) {
        return resourceId == COLLECTION_PERIOD ? LwM2mSingleResource.newIntegerResource(COLLECTION_PERIOD, 0) : null;
    }

    @Override
    protected LwM2mResource compute(int resourceId) {
        return switch (resourceId) {
            case 0 -> counter(0, ConnectionStatistics::smsSent);
            case 1 -> counter(1, ConnectionStatistics::smsReceived);
            case 2 -> counter(2, ConnectionStatistics::sentKilobytes);
            case 3 -> counter(3, ConnectionStatistics::receivedKilobytes);
            case 4 -> counter(4, ConnectionStatistics::maxMessageSize);
            case 5 -> counter(5, ConnectionStatistics::averageMessageSize);
            default -> null;
        };
    }

    private LwM2mResource counter(int id, ToLongFunction<ConnectionStatistics> field) {
        Optional<ConnectionStatistics> statistics = modem.statistics();
        return statistics.map(s -> LwM2mSingleResource.newIntegerResource(id, field.applyAsLong(s))).orElse(null);
    }

    @Override
    public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
        switch (resourceId) {
            case 6 -> {
                if (!modem.collectStatistics(true)) {
                    return ExecuteResponse.internalServerError("the modem did not start its statistics");
                }
                long period = (Long) current(COLLECTION_PERIOD).getValue();
                if (period > 0) {
                    periodEnd.start(queue, Duration.ofSeconds(period));
                } else {
                    periodEnd.cancel(false);
                }
                LOG.info("server {} started the connectivity statistics{}", server.getId(),
                        period > 0 ? " for " + period + " s" : "");
            }
            case 7 -> {
                periodEnd.cancel(false);
                if (!modem.collectStatistics(false)) {
                    return ExecuteResponse.internalServerError("the modem did not stop its statistics");
                }
                LOG.info("server {} stopped the connectivity statistics", server.getId());
            }
            default -> {
                return ExecuteResponse.notFound();
            }
        }
        changed(0, 1, 2, 3, 4, 5);
        return ExecuteResponse.success();
    }

    /** The collection period is over: the modem stops counting (on the library's work queue). */
    public void collectionPeriodEnded() {
        if (modem.collectStatistics(false)) {
            LOG.info("connectivity statistics stopped at the end of the collection period");
        } else {
            LOG.warn("the modem did not stop its statistics at the end of the collection period");
        }
    }
}
