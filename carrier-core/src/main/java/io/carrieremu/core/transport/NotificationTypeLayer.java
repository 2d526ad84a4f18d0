package io.carrieremu.core.transport;

import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.stack.AbstractLayer;
import org.eclipse.californium.core.observe.ObserveRelation;

/**
 * A CoAP layer above Californium's observe layer that gives each successful notification of an
 * established observation the type {@link NotificationTypes} chooses. The observe layer keeps a type
 * that is already set, and still makes sure only one CON is in transit.
 */
final class NotificationTypeLayer extends AbstractLayer {

    private final NotificationTypes types;

    NotificationTypeLayer(NotificationTypes types) {
        this.types = types;
    }

    @Override
    public void sendResponse(Exchange exchange, Response response) {
        ObserveRelation relation = exchange.getRelation();
        if (relation != null && relation.isEstablished() && !relation.isCanceled() && response.getType() == null
                && response.isSuccess()) {
            response.setType(types.next());
        }
        super.sendResponse(exchange, response);
    }
}
