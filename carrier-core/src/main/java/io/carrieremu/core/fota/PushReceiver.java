package io.carrieremu.core.fota;

import java.util.List;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * Watches requests as they reach the device's CoAP endpoints, before Californium's block-wise layer:
 * a write to Package ({@code /5/0/0}) may carry a whole firmware image, so for that resource only the
 * body limit is raised from Californium's 8 KiB to {@value FirmwareUpdate#MAX_PUSH_PACKAGE} bytes, and
 * its first block tells the firmware update that a push begins (FOTA_START, State Downloading, the push
 * abort timer) long before the last block completes the write.
 */
final class PushReceiver extends MessageInterceptorAdapter {

    private static final List<String> PACKAGE = List.of("5", "0", "0");

    private final FirmwareUpdate update;

    PushReceiver(FirmwareUpdate update) {
        this.update = update;
    }

    @Override
    public void receiveRequest(Request request) {
        if ((request.getCode() != CoAP.Code.PUT && request.getCode() != CoAP.Code.POST)
                || !PACKAGE.equals(request.getOptions().getUriPath())) {
            return;
        }
        request.setMaxResourceBodySize(FirmwareUpdate.MAX_PUSH_PACKAGE);
        BlockOption block = request.getOptions().getBlock1();
        // An empty Package is a reset, not a push.
        if (block == null ? request.getPayloadSize() > 0 : block.getNum() == 0) {
            update.pushStarting();
        }
    }
}
