package io.carrieremu.core.os;

/** Incoming SMS ({@code lwm2m_os_sms_client_register}); only SMS-DELIVER messages are forwarded. */
public interface Sms {

    /**
     * Calls {@code listener} for every SMS-DELIVER message, on the backend's notification thread, one at
     * a time in arrival order. The listener must not block.
     *
     * @return a handle whose {@code close()} deregisters
     * @throws OsException {@code EIO} if the modem refused to route SMS to the host; nothing registered
     */
    Subscription register(SmsListener listener) throws OsException;
}
