package io.carrieremu.core.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.leshan.core.californium.identity.IdentityHandler;
import org.eclipse.leshan.core.californium.identity.IdentityHandlerProvider;

/**
 * Leshan's identity-handler registry, safe for endpoints added and removed while the stack's threads
 * look handlers up (Leshan's own uses a plain HashMap and adds one endpoint, once).
 */
final class ConcurrentIdentityHandlers extends IdentityHandlerProvider {

    private final Map<Endpoint, IdentityHandler> handlers = new ConcurrentHashMap<>();

    @Override
    public void addIdentityHandler(Endpoint endpoint, IdentityHandler identityHandler) {
        handlers.put(endpoint, identityHandler);
    }

    void remove(Endpoint endpoint) {
        handlers.remove(endpoint);
    }

    @Override
    public void clear() {
        handlers.clear();
    }

    @Override
    public IdentityHandler getIdentityHandler(Endpoint endpoint) {
        return handlers.get(endpoint);
    }
}
