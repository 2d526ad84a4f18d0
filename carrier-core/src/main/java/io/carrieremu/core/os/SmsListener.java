package io.carrieremu.core.os;

/** Receives SMS-DELIVER messages; see {@link Sms#register}. */
@FunctionalInterface
public interface SmsListener {

    /** One message; runs on the backend's notification thread and must not block. */
    void onSms(SmsDeliver message);
}
