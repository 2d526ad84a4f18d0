package io.carrieremu.os.sim.carrier;

import io.carrieremu.os.sim.clock.VirtualClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * Every LwM2M exchange of a simulated carrier's servers, MockWebServer style: each request with its
 * answer, per server, stamped with virtual time; and waits on it that run the world until an exchange
 * shows up. Recorded at the CoAP layer of each server (after DTLS), so it sees what the server saw,
 * retransmissions counted once.
 *
 * <p>Thread-safe; the world's executor records, tests read and wait from their own thread.
 */
public final class ExchangeLog {

    /** Longest text payload shown in a summary. */
    private static final int TEXT_SHOWN = 160;

    private final VirtualClock clock;
    private final List<Exchange> exchanges = new ArrayList<>();
    /** Index into {@link #exchanges} of requests waiting for their answer, by peer and token. */
    private final Map<String, Integer> open = new HashMap<>();
    /** Endpoint names learned from {@code ep=}, by the device's address. */
    private final Map<InetSocketAddress, String> endpoints = new HashMap<>();

    ExchangeLog(VirtualClock clock) {
        this.clock = clock;
    }

    /** Records the exchanges of {@code endpoint}, a CoAP endpoint of server {@code server}. */
    void watch(String server, Endpoint endpoint) {
        endpoint.addPostProcessInterceptor(new MessageInterceptorAdapter() {
            @Override
            public void receiveRequest(Request request) {
                opened(server, Exchange.Direction.UPLINK, request, request.getSourceContext().getPeerAddress());
            }

            @Override
            public void sendResponse(Response response) {
                closed(response, response.getDestinationContext().getPeerAddress());
            }

            @Override
            public void sendRequest(Request request) {
                opened(server, Exchange.Direction.DOWNLINK, request, request.getDestinationContext().getPeerAddress());
            }

            @Override
            public void receiveResponse(Response response) {
                InetSocketAddress peer = response.getSourceContext().getPeerAddress();
                if (!closed(response, peer) && response.getOptions().hasObserve()) {
                    notified(server, response, peer);
                }
            }
        });
    }

    private static String key(InetSocketAddress peer, Message message) {
        return peer + "/" + message.getTokenString();
    }

    private synchronized void opened(String server, Exchange.Direction direction, Request request, InetSocketAddress peer) {
        String key = key(peer, request);
        Integer known = open.get(key);
        if (known != null && exchanges.get(known).requestAt() >= 0 && sameRequest(exchanges.get(known), request)) {
            return; // a retransmission
        }
        String query = request.getOptions().getUriQueryString();
        String path = "/" + request.getOptions().getUriPathString();
        Exchange exchange = new Exchange(server, direction, request.getCode().name(), path, query,
                endpointOf(peer, query), options(request), summary(request), "", clock.nowMillis(), -1, peer);
        open.put(key, exchanges.size());
        exchanges.add(exchange);
    }

    private static boolean sameRequest(Exchange exchange, Request request) {
        return !exchange.answered() && exchange.method().equals(request.getCode().name());
    }

    private synchronized boolean closed(Response response, InetSocketAddress peer) {
        Integer index = open.remove(key(peer, response));
        if (index == null) {
            return false;
        }
        Exchange e = exchanges.get(index);
        exchanges.set(index, new Exchange(e.server(), e.direction(), e.method(), e.path(), e.query(), e.endpoint(), e.options(),
                e.payload(),
                response.getCode().text, e.requestAt(), clock.nowMillis(), e.peer()));
        if (response.getOptions().hasObserve() && e.direction() == Exchange.Direction.DOWNLINK) {
            open.put(key(peer, response) + "#observe", index);
        }
        return true;
    }

    private synchronized void notified(String server, Response response, InetSocketAddress peer) {
        Integer observe = open.get(key(peer, response) + "#observe");
        String path = observe == null ? "" : exchanges.get(observe).path();
        long now = clock.nowMillis();
        exchanges.add(new Exchange(server, Exchange.Direction.UPLINK, "NOTIFY", path, "", endpointOf(peer, ""), "",
                summary(response), response.getCode().text, now, now, peer));
    }

    private String endpointOf(InetSocketAddress peer, String query) {
        for (String pair : query.split("&")) {
            if (pair.startsWith("ep=")) {
                endpoints.put(peer, pair.substring(3));
            }
        }
        return endpoints.getOrDefault(peer, "");
    }

    private static String options(Request request) {
        List<String> options = new ArrayList<>();
        if (request.getOptions().hasObserve()) {
            options.add(request.getOptions().getObserve() == 1 ? "observe-cancel" : "observe");
        }
        if (request.getOptions().hasAccept()) {
            options.add("accept=" + MediaTypeRegistry.toString(request.getOptions().getAccept()));
        }
        return String.join(" ", options);
    }

    private static String summary(Message message) {
        int size = message.getPayloadSize();
        if (size == 0) {
            return "";
        }
        int format = message.getOptions().getContentFormat();
        String type = format == MediaTypeRegistry.UNDEFINED ? "no content format" : MediaTypeRegistry.toString(format);
        boolean text = format == MediaTypeRegistry.APPLICATION_LINK_FORMAT || format == MediaTypeRegistry.TEXT_PLAIN;
        String shown = "";
        if (text) {
            String body = new String(message.getPayload(), StandardCharsets.UTF_8);
            shown = ": " + (body.length() > TEXT_SHOWN ? body.substring(0, TEXT_SHOWN) + "…" : body);
        }
        return type + ", " + size + " bytes" + shown;
    }

    /** Every exchange so far, in the order the requests were seen. */
    public synchronized List<Exchange> all() {
        return List.copyOf(exchanges);
    }

    /** The exchanges of server {@code "bootstrap"} or {@code "dm<ssid>"}. */
    public List<Exchange> of(String server) {
        return matching(Exchange.server(server));
    }

    /** The exchanges of DM server {@code ssid}. */
    public List<Exchange> ofDmServer(int ssid) {
        return of("dm" + ssid);
    }

    /** The exchanges that match. */
    public List<Exchange> matching(Predicate<Exchange> filter) {
        return all().stream().filter(filter).toList();
    }

    /** The first exchange that matches, or empty. */
    public Optional<Exchange> first(Predicate<Exchange> filter) {
        return all().stream().filter(filter).findFirst();
    }

    /**
     * Runs the world (virtual time) until an answered exchange matches, at most {@code maxVirtual}, and
     * returns the first one that does. Call it from a test's thread, not from inside the world.
     *
     * @throws AssertionError if none matched in time; the message lists what was seen
     */
    public Exchange await(Predicate<Exchange> filter, Duration maxVirtual) {
        Predicate<Exchange> done = filter.and(Exchange::answered);
        clock.runUntil(() -> first(done).isPresent(), maxVirtual);
        return first(done).orElseThrow(() -> new AssertionError("no matching exchange within " + maxVirtual
                + " of virtual time; seen: " + all()));
    }

    /** Forgets everything recorded (between phases of a test). */
    public synchronized void clear() {
        exchanges.clear();
        open.clear();
    }
}
