package io.carrieremu.core.client;

import java.util.Objects;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * How one request to a server ended.
 *
 * @param <T> the response type
 */
public sealed interface ExchangeOutcome<T extends LwM2mResponse> {

    /** The server answered (success or error code). */
    record Answered<T extends LwM2mResponse>(T response) implements ExchangeOutcome<T> {
        /** Checks the components and copies mutable ones. */
        public Answered {
            Objects.requireNonNull(response, "response");
        }
    }

    /** No answer came; {@code evidence} says how far the exchange got. */
    record Failed<T extends LwM2mResponse>(Evidence evidence, String detail) implements ExchangeOutcome<T> {
        /** Checks the components and copies mutable ones. */
        public Failed {
            Objects.requireNonNull(evidence, "evidence");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
