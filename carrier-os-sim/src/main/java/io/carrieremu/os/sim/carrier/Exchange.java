package io.carrieremu.os.sim.carrier;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One LwM2M exchange a simulated carrier server took part in, as {@link ExchangeLog} recorded it: the
 * request, its answer and when each happened in virtual time. Records compare and print well, so
 * tests can assert on them with AssertJ ({@code assertThat(log.first(Exchange.operation("Register"))
 * .queryParam("b")).hasValue("U")}).
 *
 * @param server the server: {@code "bootstrap"} or {@code "dm<ssid>"} (e.g. {@code dm102})
 * @param direction who asked: {@link Direction#UPLINK} the device, {@link Direction#DOWNLINK} the server
 * @param method the CoAP method ({@code POST}, {@code GET} …), or {@code NOTIFY} for a notification
 * @param path the URI path, e.g. {@code /rd} or {@code /3/0/0}
 * @param query the URI query without {@code ?}, empty for none
 * @param endpoint the device's endpoint name, when known (from {@code ep=} or an earlier exchange), else empty
 * @param options the request's options that tell operations apart: {@code observe}, {@code observe-cancel},
 *     {@code accept=<content format>}, space-separated; empty for none
 * @param payload a summary of the request payload: content format and size; text formats also show
 *     their first characters (binary payloads never do: they may carry keys)
 * @param code the answer's code, e.g. {@code 2.01}; empty while no answer came
 * @param requestAt the virtual time (ms) the request was seen
 * @param responseAt the virtual time (ms) the answer was seen, -1 while none
 * @param peer the device's address
 */
public record Exchange(String server, Direction direction, String method, String path, String query, String endpoint,
        String options, String payload, String code, long requestAt, long responseAt, InetSocketAddress peer) {

    /** Who sent the request. */
    public enum Direction {
        /** The device asked the server (Register, Update, Bootstrap-Request, Send …). */
        UPLINK,
        /** The server asked the device (Read, Write, Execute, Observe …), or notified it of nothing: notifications are UPLINK. */
        DOWNLINK
    }

    /** Checks the fields. */
    public Exchange {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(code, "code");
    }

    /**
     * The LwM2M operation: Bootstrap-Request, Bootstrap-Finish, Register, Update, De-register, Send,
     * Notify; Read, Observe, Write, Execute, Create, Delete, Discover for a server's request.
     */
    public String operation() {
        boolean rd = path.startsWith("/rd");
        if (direction == Direction.UPLINK) {
            return switch (method) {
                case "NOTIFY" -> "Notify";
                case "POST" -> path.equals("/bs") ? "Bootstrap-Request" : path.equals("/dp") ? "Send"
                        : rd && path.equals("/rd") ? "Register" : rd ? "Update" : "POST " + path;
                case "DELETE" -> rd ? "De-register" : "DELETE " + path;
                default -> method + " " + path;
            };
        }
        return switch (method) {
            case "GET" -> options.contains("observe-cancel") ? "Cancel-Observation" : options.contains("observe") ? "Observe"
                    : options.contains("accept=application/link-format") ? "Discover" : "Read";
            case "PUT" -> "Write";
            case "POST" -> path.equals("/bs") ? "Bootstrap-Finish" : depth() == 3 ? "Execute" : depth() == 1 ? "Create" : "Write";
            case "DELETE" -> "Delete";
            case "FETCH" -> "Read-Composite";
            default -> method;
        };
    }

    private int depth() {
        return (int) Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).count();
    }

    /** The value of query parameter {@code name} ({@code ep}, {@code b}, {@code lt} …), or empty. */
    public Optional<String> queryParam(String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(pair.substring(eq + 1));
            }
            if (eq < 0 && pair.equals(name)) {
                return Optional.of("");
            }
        }
        return Optional.empty();
    }

    /** True once an answer was seen. */
    public boolean answered() {
        return responseAt >= 0;
    }

    /** Exchanges of one LwM2M operation, e.g. {@code "Register"}. */
    public static Predicate<Exchange> operation(String name) {
        return exchange -> exchange.operation().equals(name);
    }

    /** Exchanges with server {@code "bootstrap"} or {@code "dm<ssid>"}. */
    public static Predicate<Exchange> server(String name) {
        return exchange -> exchange.server().equals(name);
    }

    /** Exchanges answered with {@code code}, e.g. {@code "2.01"}. */
    public static Predicate<Exchange> answeredWith(String code) {
        return exchange -> exchange.code().equals(code);
    }

    /** A one-line form: {@code dm102 Register: POST /rd?ep=…&b=U -> 2.01 at 1234 ms}. */
    @Override
    public String toString() {
        return server + " " + operation() + ": " + method + " " + path + (query.isEmpty() ? "" : "?" + query)
                + (options.isEmpty() ? "" : " {" + options + "}")
                + (payload.isEmpty() ? "" : " [" + payload + "]") + " -> " + (code.isEmpty() ? "(no answer)" : code)
                + " at " + requestAt + " ms";
    }
}
