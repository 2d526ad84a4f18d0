package io.carrieremu.core.storage;

import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerInstance;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Storage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link BootstrapState} in NVS record {@value #RECORD_ID} (hex 0xCA00).
 *
 * <p>Record format: the magic {@code CEBS}, a format version byte (1), the payload length (2 bytes,
 * big-endian), the payload, and a CRC-32 (4 bytes) over everything before it. A record that fails any
 * check — short, wrong magic, unknown version, wrong length, wrong CRC, undecodable payload — is
 * reported once in the log, deleted, and treated as "not bootstrapped": never a crash, never half a
 * configuration. NVS writes are atomic, so a power cut leaves the old record or the new one.
 *
 * <p>NVS is an entry like any other: a record whose CRC holds but whose ICCID or MSISDN is not
 * well-formed ({@link Subscriber#isIccid}, {@link Subscriber#isMsisdn}) counts as corrupt too, and a
 * state that does not fit a record is refused with {@code E2BIG} before anything is written.
 */
public final class BootstrapStateStore {

    /** The NVS id of the record. */
    public static final int RECORD_ID = 0xCA00;
    /** The current format version. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapStateStore.class);
    private static final byte[] MAGIC = {'C', 'E', 'B', 'S'};

    private final Storage storage;

    /** A store keeping its record in {@code storage}. */
    public BootstrapStateStore(Storage storage) {
        this.storage = storage;
    }

    /**
     * The stored state, or empty when there is none or it was corrupt (then it is logged and removed).
     *
     * @throws OsException {@code EIO} the storage could not be read
     */
    public Optional<BootstrapState> load() throws OsException {
        Optional<byte[]> record = storage.read(RECORD_ID);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode(record.get()));
        } catch (CorruptRecordException e) {
            LOG.warn("Stored bootstrap state is corrupt ({}); treating the device as not bootstrapped", e.getMessage());
            storage.delete(RECORD_ID);
            return Optional.empty();
        }
    }

    /**
     * Stores the state, replacing the previous one atomically.
     *
     * @throws OsException {@code E2BIG} the state does not fit a record, {@code ENOMEM}/{@code EIO} from
     *     the storage; the previous state is intact
     */
    public void save(BootstrapState state) throws OsException {
        byte[] record;
        try {
            record = encode(state);
        } catch (IllegalArgumentException e) {
            throw new OsException(Errno.E2BIG, e.getMessage());
        }
        storage.write(RECORD_ID, record);
    }

    /** Forgets the state (factory reset, SIM change). */
    public void clear() throws OsException {
        storage.delete(RECORD_ID);
    }

    /**
     * The record bytes for {@code state}.
     *
     * @throws IllegalArgumentException if a field or the whole state is too large for the record format
     *     (a string of more than 65535 UTF-8 bytes, more than 255 instances, a payload of more than 65535
     *     bytes); the message gives sizes, never values
     */
    public static byte[] encode(BootstrapState state) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(payload)) {
            out.writeByte(state.carrier().bit());
            writeString(out, state.iccid());
            writeString(out, state.msisdn());
            out.write(state.settingsFingerprint());
            ServerAccounts config = state.config();
            if (config.security().size() > 255 || config.servers().size() > 255) {
                throw new IllegalArgumentException("more than 255 Security or Server instances");
            }
            out.writeByte(config.security().size());
            for (SecurityInstance s : config.security()) {
                out.writeShort(s.instanceId());
                writeString(out, s.serverUri());
                out.writeBoolean(s.bootstrapServer());
                out.writeByte(s.securityMode());
                writeBytes(out, s.identity());
                writeBytes(out, s.secretKey());
                out.writeShort(s.shortServerId());
                out.writeInt(s.clientHoldOffSeconds());
            }
            out.writeByte(config.servers().size());
            for (ServerInstance s : config.servers()) {
                out.writeShort(s.instanceId());
                out.writeShort(s.shortServerId());
                out.writeLong(s.lifetimeSeconds());
                out.writeBoolean(s.notificationStoring());
                writeString(out, s.binding());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = payload.toByteArray();
        if (body.length > RecordFrame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("bootstrap state of " + body.length + " bytes");
        }
        return RecordFrame.wrap(MAGIC, FORMAT_VERSION, body);
    }

    /** The state in {@code record}. */
    public static BootstrapState decode(byte[] record) throws CorruptRecordException {
        byte[] body = RecordFrame.unwrap(MAGIC, FORMAT_VERSION, record);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            Carrier carrier = Carrier.fromBit(in.readUnsignedByte())
                    .orElseThrow(() -> new CorruptRecordException("unknown carrier bit"));
            String iccid = readString(in);
            String msisdn = readString(in);
            if (!Subscriber.isIccid(iccid) || (!msisdn.isEmpty() && !Subscriber.isMsisdn(msisdn))) {
                throw new CorruptRecordException("malformed ICCID or MSISDN");
            }
            byte[] fingerprint = in.readNBytes(32);
            if (fingerprint.length != 32) {
                throw new CorruptRecordException("truncated settings fingerprint");
            }
            int securityCount = in.readUnsignedByte();
            List<SecurityInstance> security = new ArrayList<>();
            for (int i = 0; i < securityCount; i++) {
                security.add(new SecurityInstance(in.readUnsignedShort(), readString(in), in.readBoolean(), in.readUnsignedByte(),
                        readBytes(in), readBytes(in), in.readUnsignedShort(), in.readInt()));
            }
            int serverCount = in.readUnsignedByte();
            List<ServerInstance> servers = new ArrayList<>();
            for (int i = 0; i < serverCount; i++) {
                servers.add(new ServerInstance(in.readUnsignedShort(), in.readUnsignedShort(), in.readLong(), in.readBoolean(),
                        readString(in)));
            }
            if (in.available() != 0) {
                throw new CorruptRecordException(in.available() + " unexpected bytes at the end of the payload");
            }
            return new BootstrapState(carrier, iccid, msisdn, fingerprint, new ServerAccounts(security, servers));
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptRecordException("undecodable payload: " + e.getClass().getSimpleName());
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        // writeUTF's own check throws an IOException; this one says what the caller did wrong.
        long modifiedUtf8 = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            modifiedUtf8 += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
        }
        if (modifiedUtf8 > 0xFFFF) {
            throw new IllegalArgumentException("a string of " + text.length() + " characters does not fit the record");
        }
        out.writeUTF(text);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("a value of " + bytes.length + " bytes does not fit the record");
        }
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    /**
     * {@code readUTF}, after checking that the announced length is there: {@code readUTF} allocates
     * buffers for the length it reads before it reads the bytes, so a damaged length would cost
     * 200 KB for nothing.
     */
    private static String readString(DataInputStream in) throws IOException {
        in.mark(2);
        int length = in.readUnsignedShort();
        if (length > in.available()) {
            throw new java.io.EOFException();
        }
        in.reset();
        return in.readUTF();
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new java.io.EOFException();
        }
        return bytes;
    }
}
