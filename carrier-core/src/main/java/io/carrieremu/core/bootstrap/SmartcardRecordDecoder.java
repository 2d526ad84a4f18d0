package io.carrieremu.core.bootstrap;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.client.ServerAddress;
import io.carrieremu.core.credential.Psk;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.core.tlv.Tlv;
import org.eclipse.leshan.core.tlv.TlvDecoder;
import org.eclipse.leshan.core.tlv.TlvException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the SIM's LwM2M bootstrap record (OMA LwM2M Core Appendix G; reference §3.2):
 * {@code object_count(2) payload_size(2)}, then per object {@code id(2)}, a version (one byte 0x00,
 * or major and minor), {@code length(2)} and the instances in OMA-TLV. Security (0) and Server (1)
 * instances are kept; other objects are skipped. Trailing {@code FF} padding of the file is allowed.
 *
 * <p>The record comes from the SIM, so everything in it is checked here, where it enters the library,
 * and a record that fails any check is rejected whole (the library then reports
 * {@code ERROR{BOOTSTRAP, -EBADMSG}} and bootstraps from the next source; nothing of the record is
 * used or persisted):
 * <ul>
 *   <li>framing: sizes that add up, at most {@value #MAX_RECORD_BYTES} bytes, each of objects 0 and 1 at
 *       most once; the TLV's lengths are checked against the bytes there before Leshan's decoder (which
 *       allocates what a length announces) sees them, and its nesting is the LwM2M one (instance,
 *       resource, resource instance);
 *   <li>Security: a server URI that {@link ServerAddress#parse} accepts ({@code coaps://bad host:5684}
 *       and {@code coaps:///no-host} are rejected), in UTF-8, whose scheme matches the security mode
 *       (0 PSK with {@code coaps}, 3 no security with {@code coap}); for PSK a key of 1 to
 *       {@value Psk#MAX_BYTES} bytes and an identity of 1 to {@value #MAX_IDENTITY_BYTES} bytes of printable
 *       text; a short server id 1..65534 for a DM server; at most one bootstrap server; instance ids and
 *       short server ids unique;
 *   <li>Server: short server id 1..65534 and unique, lifetime 1..2<sup>31</sup>−1 s, a binding of the
 *       LwM2M binding letters ({@code U M H T S N Q}, each once), booleans as one byte 0 or 1.
 * </ul>
 */
public final class SmartcardRecordDecoder {

    /** Largest record decoded: the size limit of the EF LwM2M_Bootstrap (32 KB). */
    public static final int MAX_RECORD_BYTES = 32 * 1024;
    /** Longest PSK identity accepted, in bytes. */
    public static final int MAX_IDENTITY_BYTES = 128;

    private static final Logger LOG = LoggerFactory.getLogger(SmartcardRecordDecoder.class);
    private static final String BINDING_LETTERS = "UMHTSNQ";

    private SmartcardRecordDecoder() {
    }

    /**
     * Decodes a record.
     *
     * @return the accounts, with at least one Security instance; every field checked as the class says
     * @throws MalformedBootstrapDataException when the framing, the TLV or any resource is wrong; the
     *     message says what and where, and never contains key bytes or the record's text
     */
    public static ServerAccounts decode(byte[] record) throws MalformedBootstrapDataException {
        if (record.length > MAX_RECORD_BYTES) {
            throw new MalformedBootstrapDataException("record of " + record.length + " bytes, more than " + MAX_RECORD_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.wrap(record);
        try {
            int objectCount = Short.toUnsignedInt(buffer.getShort());
            int payloadSize = Short.toUnsignedInt(buffer.getShort());
            if (payloadSize > buffer.remaining()) {
                throw new MalformedBootstrapDataException("payload size " + payloadSize + " exceeds the " + buffer.remaining()
                        + " bytes that follow");
            }
            for (int i = 4 + payloadSize; i < record.length; i++) {
                if (record[i] != (byte) 0xFF) {
                    throw new MalformedBootstrapDataException("unexpected byte after the payload at offset " + i);
                }
            }
            ByteBuffer payload = ByteBuffer.wrap(record, 4, payloadSize).slice();
            List<SecurityInstance> security = new ArrayList<>();
            List<ServerInstance> servers = new ArrayList<>();
            Set<Integer> objectsSeen = new HashSet<>();
            for (int object = 0; object < objectCount; object++) {
                int objectId = Short.toUnsignedInt(payload.getShort());
                int firstVersionByte = Byte.toUnsignedInt(payload.get());
                if (firstVersionByte != 0) {
                    payload.get();
                }
                int length = Short.toUnsignedInt(payload.getShort());
                if (length > payload.remaining()) {
                    throw new MalformedBootstrapDataException("object " + objectId + " claims " + length + " bytes, "
                            + payload.remaining() + " remain");
                }
                if ((objectId == 0 || objectId == 1) && !objectsSeen.add(objectId)) {
                    throw new MalformedBootstrapDataException("object " + objectId + " appears twice");
                }
                byte[] tlvBytes = new byte[length];
                payload.get(tlvBytes);
                checkFraming(objectId, tlvBytes);
                Tlv[] instances;
                try {
                    instances = TlvDecoder.decode(ByteBuffer.wrap(tlvBytes));
                } catch (TlvException | RuntimeException e) {
                    // Leshan's message dumps the TLV in hex, keys included: never pass it on.
                    throw new MalformedBootstrapDataException("object " + objectId + ": malformed TLV in " + length + " bytes");
                }
                Set<Integer> instanceIds = new HashSet<>();
                for (Tlv instance : instances) {
                    if (!instanceIds.add(instance.getIdentifier())) {
                        throw new MalformedBootstrapDataException("object " + objectId + ": instance " + instance.getIdentifier()
                                + " appears twice");
                    }
                    Map<Integer, byte[]> resources = resources(objectId, instance);
                    switch (objectId) {
                        case 0 -> security.add(security(instance.getIdentifier(), resources));
                        case 1 -> servers.add(server(instance.getIdentifier(), resources));
                        default -> LOG.debug("skipping object {} of the SIM bootstrap record", objectId);
                    }
                }
            }
            if (payload.hasRemaining()) {
                throw new MalformedBootstrapDataException(payload.remaining() + " bytes after the " + objectCount + " objects");
            }
            checkConsistency(security, servers);
            return new ServerAccounts(security, servers);
        } catch (BufferUnderflowException e) {
            throw new MalformedBootstrapDataException("record ends early (" + record.length + " bytes)");
        }
    }

    /**
     * Walks the TLV headers of one object without allocating: every length fits the bytes around it,
     * object instances hold resources, multiple resources hold resource instances, nothing deeper.
     */
    private static void checkFraming(int objectId, byte[] tlv) throws MalformedBootstrapDataException {
        checkFraming(objectId, ByteBuffer.wrap(tlv), 0, tlv.length, 0);
    }

    private static void checkFraming(int objectId, ByteBuffer tlv, int from, int to, int depth)
            throws MalformedBootstrapDataException {
        int i = from;
        while (i < to) {
            int type = tlv.get(i) & 0xFF;
            int kind = type >> 6; // 0 object instance, 1 resource instance, 2 multiple resource, 3 resource value
            int expected = depth == 0 ? 0 : depth == 1 ? (kind == 2 ? 2 : 3) : 1;
            if (kind != expected) {
                throw new MalformedBootstrapDataException("object " + objectId + ": unexpected TLV type at offset " + i
                        + " (nesting level " + depth + ")");
            }
            int header = 1 + ((type & 0x20) != 0 ? 2 : 1);
            int lengthBytes = (type >> 3) & 0x03;
            if (i + header + lengthBytes > to) {
                throw new MalformedBootstrapDataException("object " + objectId + ": TLV header runs past its end at offset " + i);
            }
            int length = lengthBytes == 0 ? type & 0x07 : 0;
            for (int k = 0; k < lengthBytes; k++) {
                length = (length << 8) | (tlv.get(i + header + k) & 0xFF);
            }
            int start = i + header + lengthBytes;
            if (length > to - start) {
                throw new MalformedBootstrapDataException("object " + objectId + ": TLV at offset " + i + " claims " + length
                        + " bytes, " + (to - start) + " remain");
            }
            if (kind == 0 || kind == 2) {
                checkFraming(objectId, tlv, start, start + length, depth + 1);
            }
            i = start + length;
        }
    }

    private static Map<Integer, byte[]> resources(int objectId, Tlv instance) throws MalformedBootstrapDataException {
        Map<Integer, byte[]> values = new HashMap<>();
        Set<Integer> ids = new HashSet<>();
        for (Tlv resource : instance.getChildren()) {
            if (!ids.add(resource.getIdentifier())) {
                throw new MalformedBootstrapDataException("object " + objectId + "/" + instance.getIdentifier() + ": resource "
                        + resource.getIdentifier() + " appears twice");
            }
            if (resource.getType() == Tlv.TlvType.RESOURCE_VALUE) {
                values.put(resource.getIdentifier(), resource.getValue());
            }
        }
        return values;
    }

    private static SecurityInstance security(int id, Map<Integer, byte[]> r) throws MalformedBootstrapDataException {
        String where = "Security instance " + id;
        String uri = string(r, 0, where);
        Optional<ServerAddress> address = ServerAddress.parse(uri);
        if (address.isEmpty()) {
            throw new MalformedBootstrapDataException(where + ": resource 0 (" + uri.length()
                    + " characters) is not a coap:// or coaps:// URI with a host");
        }
        boolean bootstrapServer = bool(r, 1, where);
        int mode = (int) integer(r, 2, where, 0, 4);
        if (mode != SecurityInstance.MODE_PSK && mode != SecurityInstance.MODE_NO_SEC) {
            throw new MalformedBootstrapDataException(where + ": security mode " + mode + " is not supported (0 PSK, 3 no security)");
        }
        if ((mode == SecurityInstance.MODE_PSK) != address.get().secure()) {
            throw new MalformedBootstrapDataException(where + ": scheme " + address.get().scheme() + " does not go with security mode "
                    + mode);
        }
        byte[] identity = r.get(3);
        byte[] key = r.get(5);
        if (mode == SecurityInstance.MODE_PSK) {
            if (key == null || key.length == 0 || key.length > Psk.MAX_BYTES) {
                throw new MalformedBootstrapDataException(where + ": a PSK has 1 to " + Psk.MAX_BYTES + " bytes, resource 5 has "
                        + (key == null ? "none" : key.length));
            }
            if (identity == null || identity.length == 0 || identity.length > MAX_IDENTITY_BYTES) {
                throw new MalformedBootstrapDataException(where + ": a PSK identity has 1 to " + MAX_IDENTITY_BYTES
                        + " bytes, resource 3 has " + (identity == null ? "none" : identity.length));
            }
            String text = utf8(identity, where, 3);
            if (!text.codePoints().allMatch(c -> c >= 0x20 && c != 0x7F && c != '"')) {
                throw new MalformedBootstrapDataException(where + ": the PSK identity (resource 3) is not printable text");
            }
        }
        int shortServerId = r.containsKey(10) ? (int) integer(r, 10, where, 0, 0xFFFF) : 0;
        if (!bootstrapServer && (shortServerId < 1 || shortServerId > 65534)) {
            throw new MalformedBootstrapDataException(where + ": a DM server's short server id (resource 10) is 1..65534");
        }
        int holdOff = r.containsKey(11) ? (int) integer(r, 11, where, 0, Integer.MAX_VALUE) : 0;
        if (id > 0xFFFE) {
            throw new MalformedBootstrapDataException(where + ": instance ids are 0..65534");
        }
        return new SecurityInstance(id, uri, bootstrapServer, mode, identity, key, shortServerId, holdOff);
    }

    private static ServerInstance server(int id, Map<Integer, byte[]> r) throws MalformedBootstrapDataException {
        String where = "Server instance " + id;
        int shortServerId = (int) integer(r, 0, where, 1, 65534);
        long lifetime = integer(r, 1, where, 1, Integer.MAX_VALUE);
        boolean storing = r.containsKey(6) && bool(r, 6, where);
        String binding = string(r, 7, where);
        if (!isBinding(binding)) {
            throw new MalformedBootstrapDataException(where + ": binding (resource 7) of " + binding.length()
                    + " characters is not LwM2M binding letters " + BINDING_LETTERS);
        }
        if (id > 0xFFFE) {
            throw new MalformedBootstrapDataException(where + ": instance ids are 0..65534");
        }
        return new ServerInstance(id, shortServerId, lifetime, storing, binding);
    }

    private static boolean isBinding(String binding) {
        if (binding.isEmpty() || binding.length() > BINDING_LETTERS.length()) {
            return false;
        }
        Set<Character> seen = new HashSet<>();
        for (char c : binding.toCharArray()) {
            if (BINDING_LETTERS.indexOf(c) < 0 || !seen.add(c)) {
                return false;
            }
        }
        return true;
    }

    private static void checkConsistency(List<SecurityInstance> security, List<ServerInstance> servers)
            throws MalformedBootstrapDataException {
        if (security.isEmpty()) {
            throw new MalformedBootstrapDataException("no Security instance");
        }
        if (security.stream().filter(SecurityInstance::bootstrapServer).count() > 1) {
            throw new MalformedBootstrapDataException("more than one bootstrap server");
        }
        Set<Integer> ssids = new HashSet<>();
        for (SecurityInstance s : security) {
            if (!s.bootstrapServer() && !ssids.add(s.shortServerId())) {
                throw new MalformedBootstrapDataException("two Security instances for short server id " + s.shortServerId());
            }
        }
        Set<Integer> serverIds = new HashSet<>();
        for (ServerInstance s : servers) {
            if (!serverIds.add(s.shortServerId())) {
                throw new MalformedBootstrapDataException("two Server instances for short server id " + s.shortServerId());
            }
        }
    }

    private static byte[] required(Map<Integer, byte[]> r, int resource, String where) throws MalformedBootstrapDataException {
        byte[] value = r.get(resource);
        if (value == null) {
            throw new MalformedBootstrapDataException(where + ": resource " + resource + " is missing");
        }
        return value;
    }

    private static String string(Map<Integer, byte[]> r, int resource, String where) throws MalformedBootstrapDataException {
        return utf8(required(r, resource, where), where, resource);
    }

    private static String utf8(byte[] bytes, String where, int resource) throws MalformedBootstrapDataException {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBootstrapDataException(where + ": resource " + resource + " is not UTF-8 text");
        }
    }

    private static boolean bool(Map<Integer, byte[]> r, int resource, String where) throws MalformedBootstrapDataException {
        byte[] value = required(r, resource, where);
        if (value.length != 1 || (value[0] != 0 && value[0] != 1)) {
            throw new MalformedBootstrapDataException(where + ": resource " + resource + " is not a boolean (one byte 0 or 1)");
        }
        return value[0] == 1;
    }

    private static long integer(Map<Integer, byte[]> r, int resource, String where, long min, long max)
            throws MalformedBootstrapDataException {
        byte[] bytes = required(r, resource, where);
        long value;
        try {
            if (bytes.length != 1 && bytes.length != 2 && bytes.length != 4 && bytes.length != 8) {
                throw new TlvException("integer of " + bytes.length + " bytes");
            }
            value = TlvDecoder.decodeInteger(bytes).longValue();
        } catch (TlvException | RuntimeException e) {
            throw new MalformedBootstrapDataException(where + ": resource " + resource + " is not an integer");
        }
        if (value < min || value > max) {
            throw new MalformedBootstrapDataException(where + ": resource " + resource + " is " + value + ", outside " + min + ".."
                    + max);
        }
        return value;
    }
}
