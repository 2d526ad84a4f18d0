package io.carrieremu.core.registration;

import java.util.Map;
import java.util.Set;
import org.eclipse.leshan.client.EndpointsManager;
import org.eclipse.leshan.client.RegistrationUpdate;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.engine.RegistrationEngine;
import org.eclipse.leshan.client.request.UplinkRequestSender;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.request.ContentFormat;

/**
 * A Leshan registration engine that does nothing by itself: it only keeps what Leshan hands an engine
 * (object tree, endpoints, request sender, bootstrap handler), so that the carrier engine can run
 * Bootstrap-Request, Register, Update and De-register itself, from its work queue and on OS time.
 * Leshan's own engine runs on its own threads and real time, registers with one DM server only, and
 * goes on to register as soon as a bootstrap finishes.
 */
public final class PassiveRegistrationEngine implements RegistrationEngine {

    private final String endpoint;
    private final LwM2mObjectTree objectTree;
    private final EndpointsManager endpointsManager;
    private final UplinkRequestSender sender;
    private final BootstrapHandler bootstrapHandler;
    private final Set<ContentFormat> contentFormats;
    private final LinkFormatHelper linkFormatHelper;

    public PassiveRegistrationEngine(String endpoint, LwM2mObjectTree objectTree, EndpointsManager endpointsManager,
            UplinkRequestSender sender, BootstrapHandler bootstrapHandler, Set<ContentFormat> contentFormats,
            LinkFormatHelper linkFormatHelper) {
        this.endpoint = endpoint;
        this.objectTree = objectTree;
        this.endpointsManager = endpointsManager;
        this.sender = sender;
        this.bootstrapHandler = bootstrapHandler;
        this.contentFormats = contentFormats;
        this.linkFormatHelper = linkFormatHelper;
    }

    /** The client's objects. */
    public LwM2mObjectTree objectTree() {
        return objectTree;
    }

    /** Creates the endpoint to a server. */
    public EndpointsManager endpointsManager() {
        return endpointsManager;
    }

    /** Sends client-initiated requests, blocking until the answer or the timeout. */
    public UplinkRequestSender sender() {
        return sender;
    }

    /** Tracks the bootstrap session (writes, deletes, Finish) the bootstrap server runs. */
    public BootstrapHandler bootstrapHandler() {
        return bootstrapHandler;
    }

    /** The content formats the client supports. */
    public Set<ContentFormat> contentFormats() {
        return contentFormats;
    }

    /** Builds the object links of Register and Update. */
    public LinkFormatHelper linkFormatHelper() {
        return linkFormatHelper;
    }

    @Override
    public void triggerRegistrationUpdate() {
    }

    @Override
    public void triggerRegistrationUpdate(LwM2mServer server) {
    }

    @Override
    public void triggerRegistrationUpdate(RegistrationUpdate registrationUpdate) {
    }

    @Override
    public void triggerRegistrationUpdate(LwM2mServer server, RegistrationUpdate registrationUpdate) {
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
        return Map.of();
    }

    @Override
    public LwM2mServer getRegisteredServer(long serverId) {
        return null;
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
