package io.carrieremu.core.uicc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough BER to walk PKCS#15 directory files: single-byte tags, definite lengths of up to three
 * length bytes, and trailing {@code FF} (or {@code 00}) padding as UICC files have it.
 */
final class Asn1 {

    /** One element: its tag byte and value. */
    record Element(int tag, byte[] value) {
        boolean constructed() {
            return (tag & 0x20) != 0;
        }

        /** The elements inside a constructed element. */
        List<Element> children() throws MalformedException {
            return parse(value);
        }
    }

    /** Bytes that are not well-formed BER, with a reason. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private Asn1() {
    }

    /** The elements in {@code bytes}, stopping at padding. */
    static List<Element> parse(byte[] bytes) throws MalformedException {
        List<Element> elements = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int tag = bytes[i] & 0xFF;
            if (tag == 0xFF || tag == 0x00) {
                break;
            }
            if ((tag & 0x1F) == 0x1F) {
                throw new MalformedException("multi-byte tag 0x" + Integer.toHexString(tag) + " at offset " + i);
            }
            if (i + 1 >= bytes.length) {
                throw new MalformedException("tag 0x" + Integer.toHexString(tag) + " without length at offset " + i);
            }
            int first = bytes[i + 1] & 0xFF;
            int length;
            int header;
            if (first < 0x80) {
                length = first;
                header = 2;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 3) {
                    throw new MalformedException("unsupported length form 0x" + Integer.toHexString(first) + " at offset " + (i + 1));
                }
                if (i + 2 + count > bytes.length) {
                    throw new MalformedException("length runs past the end at offset " + (i + 1));
                }
                length = 0;
                for (int k = 0; k < count; k++) {
                    length = (length << 8) | (bytes[i + 2 + k] & 0xFF);
                }
                header = 2 + count;
            }
            if (i + header + length > bytes.length) {
                throw new MalformedException("element 0x" + Integer.toHexString(tag) + " at offset " + i + " claims "
                        + length + " bytes but only " + (bytes.length - i - header) + " remain");
            }
            elements.add(new Element(tag, Arrays.copyOfRange(bytes, i + header, i + header + length)));
            i += header + length;
        }
        return elements;
    }
}
