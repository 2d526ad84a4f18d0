package io.carrieremu.core.client;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.leshan.client.RegistrationUpdate;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.request.ContentFormat;

/**
 * A Leshan registration engine that does nothing by itself. It keeps what Leshan hands an engine
 * (object tree, request sender, bootstrap handler, link helper) for the library's own registration
 * manager, which runs Bootstrap-Request, Register, Update and De-register on OS time for any number of
 * servers; and it passes on Leshan's registration-update triggers (object instances added or removed)
 * instead of dropping them. Leshan's own engine runs on its own threads and real time, registers with
 * one DM server only, and goes on to register as soon as a bootstrap finishes.
 */
final class PassiveRegistrationEngine implements RegistrationEngine {

    /** Where the engine's triggers go. */
    interface Triggers {
        /** The object tree changed: every registered server needs an Update with the new object links. */
        void objectLinksChanged();
    }

    private final String endpoint;
    private final LwM2mObjectTree objectTree;
    private final UplinkRequestSender sender;
    private final BootstrapHandler bootstrapHandler;
    private final Set<ContentFormat> contentFormats;
    private final LinkFormatHelper linkFormatHelper;
    private final Triggers triggers;
    private final Map<Long, LwM2mServer> registered = new ConcurrentHashMap<>();

    PassiveRegistrationEngine(String endpoint, LwM2mObjectTree objectTree, UplinkRequestSender sender,
            BootstrapHandler bootstrapHandler, Set<ContentFormat> contentFormats, LinkFormatHelper linkFormatHelper,
            Triggers triggers) {
        this.endpoint = endpoint;
        this.objectTree = objectTree;
        this.sender = sender;
        this.bootstrapHandler = bootstrapHandler;
        this.contentFormats = contentFormats;
        this.linkFormatHelper = linkFormatHelper;
        this.triggers = triggers;
    }

    LwM2mObjectTree objectTree() {
        return objectTree;
    }

    UplinkRequestSender sender() {
        return sender;
    }

    BootstrapHandler bootstrapHandler() {
        return bootstrapHandler;
    }

    Set<ContentFormat> contentFormats() {
        return contentFormats;
    }

    LinkFormatHelper linkFormatHelper() {
        return linkFormatHelper;
    }

    void markRegistered(LwM2mServer server) {
        if (server.getId() != null) {
            registered.put(server.getId(), server);
        }
    }

    void markDeregistered(LwM2mServer server) {
        if (server.getId() != null) {
            registered.remove(server.getId(), server);
        }
    }

    @Override
    public void triggerRegistrationUpdate() {
        triggers.objectLinksChanged();
    }

    @Override
    public void triggerRegistrationUpdate(LwM2mServer server) {
        triggers.objectLinksChanged();
    }

    @Override
    public void triggerRegistrationUpdate(RegistrationUpdate registrationUpdate) {
        // Leshan's RegistrationUpdateHandler: instances or objects added or removed.
        if (registrationUpdate.getObjectLinks() != null) {
            triggers.objectLinksChanged();
        }
    }

    @Override
    public void triggerRegistrationUpdate(LwM2mServer server, RegistrationUpdate registrationUpdate) {
        // Lifetime writes: the Server object reports them to the library itself, with binding writes.
        if (registrationUpdate.getObjectLinks() != null) {
            triggers.objectLinksChanged();
        }
    }

    @Override
    public boolean triggerClientInitiatedBootstrap(boolean deregister) {
        return false;
    }

    @Override
    public String getRegistrationId(LwM2mServer server) {
        return null;
    }

    @Override
    public Map<String, LwM2mServer> getRegisteredServers() {
        Map<String, LwM2mServer> byUri = new ConcurrentHashMap<>();
        registered.values().forEach(server -> byUri.put(server.getUri(), server));
        return byUri;
    }

    @Override
    public LwM2mServer getRegisteredServer(long serverId) {
        return registered.get(serverId);
    }

    @Override
    public boolean isAllowedToCommunicate(LwM2mServer server) {
        return true;
    }

    @Override
    public String getEndpoint() {
        return endpoint;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop(boolean deregister) {
    }

    @Override
    public void destroy(boolean deregister) {
    }
}
