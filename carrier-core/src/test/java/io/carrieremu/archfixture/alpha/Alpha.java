package io.carrieremu.archfixture.alpha;

import io.carrieremu.archfixture.beta.Beta;

/** Test fixture: half of a deliberate package cycle, so the architecture rules can be seen to fail. */
public final class Alpha {
    Beta partner;

    /** A forbidden clock read, for the same purpose. */
    long now() {
        return System.currentTimeMillis();
    }
}
