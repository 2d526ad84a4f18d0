package io.carrieremu.fuzz;

import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.assertj.core.api.Assertions;

/**
 * The one AT parameter parser takes any text: a parameter list or {@link AtSyntaxException}, nothing
 * else, and at most {@code 64 × length + 64 KiB} bytes allocated per line.
 */
class AtParametersFuzzTest {

    private static final String NAME = "AtParameters.parse";

    @Provide
    Arbitrary<String> lines() {
        return Hostile.atText(20_000);
    }

    @Property(seed = "15")
    void anyTextIsParametersOrASyntaxError(@ForAll("lines") String text) {
        List<AtParameters.Param> params = FuzzGuard.run(NAME, 64L * text.length() + 65_536, List.of(AtSyntaxException.class), () -> {
            AtParameters.ofResponse("+X:" + text, "+X");
            return AtParameters.parse(text);
        });
        if (params != null) {
            Assertions.assertThat(params).allSatisfy(p -> Assertions.assertThat(p.quoted() || p.text().indexOf('"') < 0).isTrue());
        }
    }

    @AfterContainer
    static void report() {
        FuzzGuard.report(NAME);
    }
}
