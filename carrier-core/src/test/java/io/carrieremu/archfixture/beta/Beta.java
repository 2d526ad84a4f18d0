package io.carrieremu.archfixture.beta;

import io.carrieremu.archfixture.alpha.Alpha;

/** Test fixture: the other half of a deliberate package cycle. */
public final class Beta {
    Alpha partner;
}
