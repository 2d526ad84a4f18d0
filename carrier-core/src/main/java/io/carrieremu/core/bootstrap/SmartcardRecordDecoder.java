package io.carrieremu.core.bootstrap;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.account.ServerAccounts;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class SmartcardRecordDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(SmartcardRecordDecoder.class);

    private SmartcardRecordDecoder() {
    }

    /**
     * Decodes a record.
     *
     * @throws MalformedBootstrapDataException when the framing, the TLV or a mandatory resource is wrong;
     *     the message says what and where, and never contains key bytes
     */
    public static ServerAccounts decode(byte[] record) throws MalformedBootstrapDataException {
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
                byte[] tlvBytes = new byte[length];
                payload.get(tlvBytes);
                Tlv[] instances;
                try {
                    instances = TlvDecoder.decode(ByteBuffer.wrap(tlvBytes));
                } catch (TlvException | RuntimeException e) {
                    // Leshan's message dumps the TLV in hex, keys included: never pass it on.
                    throw new MalformedBootstrapDataException("object " + objectId + ": malformed TLV in " + length + " bytes");
                }
                for (Tlv instance : instances) {
                    if (instance.getType() != Tlv.TlvType.OBJECT_INSTANCE) {
                        throw new MalformedBootstrapDataException("object " + objectId + ": expected object instances in the TLV");
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
            if (security.isEmpty()) {
                throw new MalformedBootstrapDataException("no Security instance");
            }
            return new ServerAccounts(security, servers);
        } catch (BufferUnderflowException e) {
            throw new MalformedBootstrapDataException("record ends early (" + record.length + " bytes)");
        }
    }

    private static Map<Integer, byte[]> resources(int objectId, Tlv instance) throws MalformedBootstrapDataException {
        Map<Integer, byte[]> values = new HashMap<>();
        for (Tlv resource : instance.getChildren()) {
            if (resource.getType() == Tlv.TlvType.RESOURCE_VALUE) {
                values.put(resource.getIdentifier(), resource.getValue());
            } else if (resource.getType() != Tlv.TlvType.MULTIPLE_RESOURCE) {
                throw new MalformedBootstrapDataException("object " + objectId + "/" + instance.getIdentifier()
                        + ": unexpected " + resource.getType());
            }
        }
        return values;
    }

    private static SecurityInstance security(int id, Map<Integer, byte[]> r) throws MalformedBootstrapDataException {
        String where = "Security instance " + id;
        try {
            return new SecurityInstance(id, string(r, 0, where), bool(r, 1, where), (int) integer(r, 2, where, true),
                    r.get(3), r.get(5), r.containsKey(10) ? (int) integer(r, 10, where, true) : 0,
                    r.containsKey(11) ? (int) integer(r, 11, where, true) : 0);
        } catch (IllegalArgumentException e) {
            throw new MalformedBootstrapDataException(where + ": " + e.getMessage());
        }
    }

    private static ServerInstance server(int id, Map<Integer, byte[]> r) throws MalformedBootstrapDataException {
        String where = "Server instance " + id;
        try {
            return new ServerInstance(id, (int) integer(r, 0, where, true), integer(r, 1, where, true),
                    r.containsKey(6) && bool(r, 6, where), string(r, 7, where));
        } catch (IllegalArgumentException e) {
            throw new MalformedBootstrapDataException(where + ": " + e.getMessage());
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
        return TlvDecoder.decodeString(required(r, resource, where));
    }

    private static boolean bool(Map<Integer, byte[]> r, int resource, String where) throws MalformedBootstrapDataException {
        try {
            return TlvDecoder.decodeBoolean(required(r, resource, where));
        } catch (TlvException | RuntimeException e) {
            throw new MalformedBootstrapDataException(where + ": resource " + resource + " is not a boolean");
        }
    }

    private static long integer(Map<Integer, byte[]> r, int resource, String where, boolean nonNegative)
            throws MalformedBootstrapDataException {
        try {
            long value = TlvDecoder.decodeInteger(required(r, resource, where)).longValue();
            if (nonNegative && value < 0) {
                throw new MalformedBootstrapDataException(where + ": resource " + resource + " is negative");
            }
            return value;
        } catch (TlvException | RuntimeException e) {
            throw new MalformedBootstrapDataException(where + ": resource " + resource + " is not an integer");
        }
    }
}
