package io.carrieremu.core.transport;

import org.eclipse.californium.core.network.ExtendedCoapStackFactory;
import org.eclipse.californium.core.network.Outbox;
import org.eclipse.californium.core.network.stack.BaseCoapStack;
import org.eclipse.californium.core.network.stack.BlockwiseLayer;
import org.eclipse.californium.core.network.stack.CongestionControlLayer;
import org.eclipse.californium.core.network.stack.CoapStack;
import org.eclipse.californium.core.network.stack.ExchangeCleanupLayer;
import org.eclipse.californium.core.network.stack.Layer;
import org.eclipse.californium.core.network.stack.ObserveLayer;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Californium's UDP stack (exchange clean-up, observe, block-wise, reliability) with a
 * {@link NotificationTypeLayer} on top of the observe layer.
 */
final class NotificationTypeStack extends BaseCoapStack {

    NotificationTypeStack(String tag, Configuration config, EndpointContextMatcher matchingStrategy, Outbox outbox,
            NotificationTypes types) {
        super(outbox);
        setLayers(new Layer[] {new ExchangeCleanupLayer(config), new NotificationTypeLayer(types), new ObserveLayer(config),
                new BlockwiseLayer(tag, false, config, matchingStrategy), CongestionControlLayer.newImplementation(tag, config)});
    }

    /** A stack factory for {@code CoapEndpoint.Builder.setCoapStackFactory}. */
    static ExtendedCoapStackFactory factory(NotificationTypes types) {
        return new ExtendedCoapStackFactory() {
            @Override
            public CoapStack createCoapStack(String protocol, String tag, Configuration config,
                    EndpointContextMatcher matchingStrategy, Outbox outbox, Object customStackArgument) {
                return new NotificationTypeStack(tag, config, matchingStrategy, outbox, types);
            }

            @Override
            @SuppressWarnings("deprecation")
            public CoapStack createCoapStack(String protocol, String tag, Configuration config, Outbox outbox,
                    Object customStackArgument) {
                return new NotificationTypeStack(tag, config, null, outbox, types);
            }
        };
    }
}
