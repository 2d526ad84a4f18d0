package io.carrieremu.fuzz;

import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The one AT parameter parser takes any text: a parameter list or {@link AtSyntaxException}, nothing
 * else, and at most {@code 64 × length + 64 KiB} bytes allocated per line.
 */
class AtParametersFuzzTest {

    private static final String NAME = "AtParameters.parse";

    static Gen<String> lines() {
        return Hostile.atText(20_000);
    }

    @Test
    void anyTextIsParametersOrASyntaxError() {
        FuzzRun.forAll(NAME, lines(), text -> {
            List<AtParameters.Param> params = FuzzGuard.run(NAME, 64L * text.length() + 65_536, List.of(AtSyntaxException.class), () -> {
                AtParameters.ofResponse("+X:" + text, "+X");
                return AtParameters.parse(text);
            });
            if (params != null) {
                Assertions.assertThat(params).allSatisfy(p -> Assertions.assertThat(p.quoted() || p.text().indexOf('"') < 0).isTrue());
            }
        });
    }
}
