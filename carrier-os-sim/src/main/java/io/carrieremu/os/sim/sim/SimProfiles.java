package io.carrieremu.os.sim.sim;

import io.carrieremu.os.sim.network.NetworkModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * Ready-made SIM cards for Verizon, T-Mobile, LG U+, SoftBank, Bell Canada and an unknown operator, and
 * the home networks they are used on. The facts live in {@code sim-profiles.properties} next to this class.
 */
public final class SimProfiles {

    /** The profile ids, in the file's order. */
    public static final List<String> IDS = List.of("verizon", "t-mobile", "lg-uplus", "softbank", "bell-ca", "unknown");

    private static final Properties DATA = load();

    private SimProfiles() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = SimProfiles.class.getResourceAsStream("sim-profiles.properties")) {
            if (in == null) {
                throw new IllegalStateException("sim-profiles.properties is missing from the classpath");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String get(String id, String key) {
        String value = DATA.getProperty(id + "." + key);
        if (value == null) {
            throw new IllegalArgumentException("unknown SIM profile '" + id + "' (known: " + IDS + ") or missing " + key);
        }
        return value;
    }

    /** A builder for profile {@code id}, to change details before building. */
    public static SimCard.Builder builder(String id) {
        String msisdn = get(id, "msisdn");
        SimCard.Builder builder = SimCard.builder(get(id, "name"))
                .imsi(get(id, "imsi"), Integer.parseInt(get(id, "mncLength")))
                .iccid(get(id, "iccid"))
                .msisdn(msisdn.isEmpty() ? null : msisdn)
                .operatorId(Integer.parseInt(get(id, "operatorId")));
        String classPrefix = id + ".apnClass.";
        for (String key : DATA.stringPropertyNames()) {
            if (key.startsWith(classPrefix)) {
                builder.apnClass(Integer.parseInt(key.substring(classPrefix.length())), DATA.getProperty(key));
            }
        }
        return builder;
    }

    /** The SIM card of profile {@code id}. */
    public static SimCard card(String id) {
        return builder(id).build();
    }

    /** The home network of profile {@code id}. */
    public static NetworkModel homeNetwork(String id) {
        return new NetworkModel()
                .operator(get(id, "network.plmn"), get(id, "network.fullName"), get(id, "network.shortName"))
                .defaultApn(get(id, "network.defaultApn"));
    }

    /** The Verizon SIM profile. */
    public static SimCard verizon() {
        return card("verizon");
    }

    /** The T-Mobile SIM profile. */
    public static SimCard tMobile() {
        return card("t-mobile");
    }

    /** The LG U+ SIM profile. */
    public static SimCard lgUplus() {
        return card("lg-uplus");
    }

    /** The SoftBank SIM profile. */
    public static SimCard softbank() {
        return card("softbank");
    }

    /** The Bell Canada SIM profile. */
    public static SimCard bellCanada() {
        return card("bell-ca");
    }

    /** A SIM of an operator no carrier profile knows (generic mode). */
    public static SimCard unknownOperator() {
        return card("unknown");
    }
}
