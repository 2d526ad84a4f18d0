package io.carrieremu.core.storage;

import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Storage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what servers wrote to an object — the values that must survive a reboot (Access Control,
 * app data, the time zone …) — in one NVS record per object: {@link #FIRST_RECORD_ID} plus the object's
 * slot in {@link #OBJECTS}. The payload is the object in LwM2M TLV, encoded and decoded with the
 * library's own models, in a {@link RecordFrame} with magic {@code CEOB}. A record that fails any check
 * is reported, deleted and treated as absent: the object keeps its defaults, never half a record.
 */
public final class ObjectStateStore {

    /** The record of the first object in {@link #OBJECTS} (0xCA10). */
    public static final int FIRST_RECORD_ID = 0xCA10;
    /** The objects that have a record, in slot order; a new object is appended, never inserted. */
    public static final List<Integer> OBJECTS = List.of(2, 3, 19, 10250, 16, 20, 6, 11, 10, 4, 7, 5);
    /** The current format version. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStateStore.class);
    private static final byte[] MAGIC = {'C', 'E', 'O', 'B'};
    private static final DefaultLwM2mEncoder ENCODER = new DefaultLwM2mEncoder();
    private static final DefaultLwM2mDecoder DECODER = new DefaultLwM2mDecoder();

    private final Storage storage;
    private final LwM2mModel model;

    /** A store keeping object state records in {@code storage}, typed by {@code model}. */
    public ObjectStateStore(Storage storage, LwM2mModel model) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The NVS id of {@code objectId}'s record. */
    public static int recordId(int objectId) {
        int slot = OBJECTS.indexOf(objectId);
        if (slot < 0) {
            throw new IllegalArgumentException("object " + objectId + " has no record");
        }
        return FIRST_RECORD_ID + slot;
    }

    /**
     * Stores the object's values, replacing the previous record atomically.
     *
     * @throws OsException {@code E2BIG} they do not fit a record, {@code ENOMEM}/{@code EIO} from the
     *     storage; the previous record is intact
     */
    public void save(LwM2mObject object) throws OsException {
        byte[] tlv = ENCODER.encode(object, ContentFormat.TLV, new LwM2mPath(object.getId()), model);
        if (tlv.length > RecordFrame.MAX_PAYLOAD) {
            throw new OsException(io.carrieremu.core.base.Errno.E2BIG, "object " + object.getId() + " state of "
                    + tlv.length + " bytes");
        }
        storage.write(recordId(object.getId()), RecordFrame.wrap(MAGIC, FORMAT_VERSION, tlv));
    }

    /**
     * The stored values of {@code objectId}, or empty when there are none or the record was corrupt
     * (then it is logged and removed).
     *
     * @throws OsException {@code EIO} the storage could not be read
     */
    public Optional<LwM2mObject> load(int objectId) throws OsException {
        int id = recordId(objectId);
        Optional<byte[]> record = storage.read(id);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] tlv = RecordFrame.unwrap(MAGIC, FORMAT_VERSION, record.get());
            return Optional.of((LwM2mObject) DECODER.decode(tlv, ContentFormat.TLV, new LwM2mPath(objectId), model, LwM2mObject.class));
        } catch (CorruptRecordException | CodecException | ClassCastException e) {
            LOG.warn("Stored state of object {} is corrupt ({}); using its defaults", objectId, e.getMessage());
            storage.delete(id);
            return Optional.empty();
        }
    }

    /** Forgets the object's values (factory reset). */
    public void clear(int objectId) throws OsException {
        storage.delete(recordId(objectId));
    }
}
