package io.carrieremu.os.sim.sim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eclipse.leshan.core.tlv.Tlv;
import org.eclipse.leshan.core.tlv.Tlv.TlvType;
import org.eclipse.leshan.core.tlv.TlvEncoder;

/**
 * Writes the LwM2M "Bootstrap from Smartcard" files of OMA LwM2M Core Appendix G into a PKCS#15
 * application: the ODF (5031) pointing at a DODF, the DODF carrying the data object with OID
 * 2.23.43.9.1 and the path of the bootstrap file, and the bootstrap file itself —
 * {@code object_count(2) payload_size(2)} then per object {@code id(2) version(1: 0x00) length(2)}
 * and the instances as OMA-TLV.
 */
public final class SmartcardBootstrap {

    /** The ODF's file id. */
    public static final int ODF_FID = 0x5031;
    /** The DODF's file id in the files this class writes. */
    public static final int DODF_FID = 0x6430;
    /** The bootstrap file's id in the files this class writes. */
    public static final int BOOTSTRAP_FID = 0x6432;

    private static final byte[] OID_CONTENT = {0x67, 0x2B, 0x09, 0x01};
    private static final int PADDED_SIZE = 48;

    /** How the DODF writes the LwM2M OID. */
    public enum OidEncoding {
        /** {@code 06 04 67 2B 09 01}: as DER says. */
        DER,
        /** {@code 06 06 06 04 67 2B 09 01}: the whole TLV as the value, as the buggy OMA example does. */
        TLV_AS_VALUE
    }

    /**
     * One object instance of the record.
     *
     * @param objectId 0 Security, 1 Server, …
     * @param instanceId the instance id
     * @param resources resource id to TLV-encoded value
     */
    public record Instance(int objectId, int instanceId, Map<Integer, byte[]> resources) {
        /** Checks the components and copies mutable ones. */
        public Instance {
            resources = new TreeMap<>(resources);
        }

        /**
         * A Security (0) instance for a PSK server.
         *
         * @param holdOffSeconds Client Hold Off Time (resource 11), or null to leave it out
         */
        public static Instance security(int instanceId, String uri, boolean bootstrapServer, byte[] pskIdentity,
                byte[] pskKey, int shortServerId, Integer holdOffSeconds) {
            Map<Integer, byte[]> r = new LinkedHashMap<>();
            r.put(0, TlvEncoder.encodeString(uri));
            r.put(1, TlvEncoder.encodeBoolean(bootstrapServer));
            r.put(2, TlvEncoder.encodeInteger(0));
            r.put(3, pskIdentity.clone());
            r.put(5, pskKey.clone());
            if (!bootstrapServer) {
                r.put(10, TlvEncoder.encodeInteger(shortServerId));
            }
            if (holdOffSeconds != null) {
                r.put(11, TlvEncoder.encodeInteger(holdOffSeconds));
            }
            return new Instance(0, instanceId, r);
        }

        /** A Server (1) instance. */
        public static Instance server(int instanceId, int shortServerId, long lifetimeSeconds, String binding,
                boolean notificationStoring) {
            Map<Integer, byte[]> r = new LinkedHashMap<>();
            r.put(0, TlvEncoder.encodeInteger(shortServerId));
            r.put(1, TlvEncoder.encodeInteger(lifetimeSeconds));
            r.put(6, TlvEncoder.encodeBoolean(notificationStoring));
            r.put(7, TlvEncoder.encodeString(binding));
            return new Instance(1, instanceId, r);
        }
    }

    private SmartcardBootstrap() {
    }

    /** The bootstrap file content for {@code instances} (grouped by object, in object-id order). */
    public static byte[] record(List<Instance> instances) {
        Map<Integer, List<Instance>> byObject = new TreeMap<>();
        for (Instance instance : instances) {
            byObject.computeIfAbsent(instance.objectId(), id -> new ArrayList<>()).add(instance);
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (Map.Entry<Integer, List<Instance>> object : byObject.entrySet()) {
            Tlv[] tlvs = object.getValue().stream().map(SmartcardBootstrap::instanceTlv).toArray(Tlv[]::new);
            ByteBuffer encoded = TlvEncoder.encode(tlvs);
            byte[] tlv = new byte[encoded.remaining()];
            encoded.get(tlv);
            payload.writeBytes(u16(object.getKey()));
            payload.write(0x00);
            payload.writeBytes(u16(tlv.length));
            payload.writeBytes(tlv);
        }
        byte[] body = payload.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(u16(byObject.size()));
        record.writeBytes(u16(body.length));
        record.writeBytes(body);
        return record.toByteArray();
    }

    private static Tlv instanceTlv(Instance instance) {
        Tlv[] resources = instance.resources().entrySet().stream()
                .map(e -> new Tlv(TlvType.RESOURCE_VALUE, null, e.getValue(), e.getKey()))
                .toArray(Tlv[]::new);
        return new Tlv(TlvType.OBJECT_INSTANCE, resources, null, instance.instanceId());
    }

    /** ODF content pointing at the DODF ({@code A7 06 30 04 04 02 <fid>}), padded with FF. */
    public static byte[] odf(int dodfFid) {
        return pad(der(0xA7, der(0x30, der(0x04, u16(dodfFid)))));
    }

    /** DODF content with the LwM2M bootstrap data object pointing at {@code bootstrapFid}, padded with FF. */
    public static byte[] dodf(int bootstrapFid, OidEncoding encoding) {
        byte[] oid = encoding == OidEncoding.DER ? der(0x06, OID_CONTENT) : der(0x06, der(0x06, OID_CONTENT));
        byte[] common = der(0x30, der(0x0C, "LwM2M Bootstrap".getBytes(StandardCharsets.UTF_8)));
        byte[] commonData = der(0x30, new byte[0]);
        byte[] typeAttributes = der(0xA1, der(0x30, concat(oid, der(0x30, der(0x04, u16(bootstrapFid))))));
        return pad(der(0xA1, concat(common, commonData, typeAttributes)));
    }

    /** A card with EF_ICCID and a PKCS#15 application holding the three files for {@code instances}. */
    public static UiccFiles files(String iccid, List<Instance> instances, OidEncoding encoding) {
        Map<Integer, byte[]> files = new LinkedHashMap<>();
        files.put(ODF_FID, odf(DODF_FID));
        files.put(DODF_FID, dodf(BOOTSTRAP_FID, encoding));
        files.put(BOOTSTRAP_FID, record(instances));
        return UiccFiles.withPkcs15(iccid, files);
    }

    static byte[] der(int tag, byte[] content) {
        Objects.checkIndex(content.length, 128);
        return concat(new byte[] {(byte) tag, (byte) content.length}, content);
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static byte[] pad(byte[] content) {
        byte[] padded = new byte[Math.max(PADDED_SIZE, content.length)];
        java.util.Arrays.fill(padded, (byte) 0xFF);
        System.arraycopy(content, 0, padded, 0, content.length);
        return padded;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
