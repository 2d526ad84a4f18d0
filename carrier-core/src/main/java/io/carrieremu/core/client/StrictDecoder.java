package io.carrieremu.core.client;

import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.request.ContentFormat;

/**
 * Leshan's decoder, with every failure to make nodes of a payload reported as a {@link CodecException},
 * which the client answers with 4.00 Bad Request. Leshan 2.0.0-M15's SenML decoders let some malformed
 * payloads through as other exceptions (a number where a multiple string resource is expected builds a
 * node that throws {@code LwM2mNodeException}), and those would be answered 5.00 Internal Server Error.
 */
final class StrictDecoder extends DefaultLwM2mDecoder {

    @Override
    public <T extends LwM2mNode> T decode(byte[] content, ContentFormat format, LwM2mPath path, LwM2mModel model,
            Class<T> nodeClass) throws CodecException {
        try {
            return super.decode(content, format, path, model, nodeClass);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException(e, "cannot decode %s payload for %s: %s", format, path, e.getMessage());
        }
    }

    @Override
    public Map<LwM2mPath, LwM2mNode> decodeNodes(byte[] content, ContentFormat format, List<LwM2mPath> paths,
            LwM2mModel model) throws CodecException {
        try {
            return super.decodeNodes(content, format, paths, model);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException(e, "cannot decode %s payload for %s: %s", format, paths, e.getMessage());
        }
    }
}
