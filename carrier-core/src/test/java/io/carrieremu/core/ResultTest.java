package io.carrieremu.core;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.api.IdentityRead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultTest {

    @Test
    void resultsAreCanonicalAndCarryTheCReturnValue() {
        assertThat(Result.OK.isOk()).isTrue();
        assertThat(Result.OK.code()).isZero();
        assertThat(Result.error(Errno.EALREADY)).isSameAs(Result.error(Errno.EALREADY));
        assertThat(Result.error(Errno.EALREADY).code()).isEqualTo(-114);
        assertThat(Result.error(Errno.EPERM).is(Errno.EPERM)).isTrue();
        assertThat(Result.error(Errno.EPERM)).hasToString("-EPERM (-1)");
    }

    @Test
    void noTwoDocumentedOutcomesShareAResult() {
        Set<Result> seen = new HashSet<>();
        seen.add(Result.OK);
        for (Errno errno : Errno.values()) {
            assertThat(seen.add(Result.error(errno))).as(errno.name()).isTrue();
        }
    }

    @Test
    void identityReadHasAValueExactlyWhenOk() {
        assertThat(IdentityRead.ok("host-1").value()).contains("host-1");
        assertThat(IdentityRead.failed(Errno.ENOENT).result().is(Errno.ENOENT)).isTrue();
        assertThat(IdentityRead.failed(Errno.ENOENT).value()).isEmpty();
    }
}
