package io.carrieremu.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What SPEC §2 demands of the core, checked on its compiled classes: no cycles between packages, the
 * root package is used by nobody inside the core (it is the entry point), the core imports no backend,
 * and nothing in it reads a clock, sleeps or makes threads — time and threads come from {@code LwM2mOs}.
 * The last test applies the same rules to a test-only fixture with a deliberate cycle and clock read,
 * to show they fail when they should.
 */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.carrieremu.core");

    /** (owner class, member name) pairs the core must not touch. */
    private static final Set<String> FORBIDDEN = Set.of(
            "java.lang.System.currentTimeMillis", "java.lang.System.nanoTime", "java.lang.Thread.sleep",
            "java.lang.Thread.<init>", "java.util.Timer.<init>", "java.time.Instant.now", "java.time.LocalDateTime.now",
            "java.time.ZonedDateTime.now", "java.time.Clock.systemUTC", "java.time.Clock.systemDefaultZone",
            "java.util.concurrent.CompletableFuture.supplyAsync", "java.util.concurrent.CompletableFuture.runAsync",
            "java.util.concurrent.ForkJoinPool.commonPool");

    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    static ArchRule noClockOrThreads(String root) {
        DescribedPredicate<JavaAccess<?>> forbidden = new DescribedPredicate<>("a clock, sleep or thread API") {
            @Override
            public boolean test(JavaAccess<?> access) {
                String owner = access.getTargetOwner().getName();
                return FORBIDDEN.contains(owner + "." + access.getName()) || owner.equals("java.util.concurrent.Executors");
            }
        };
        return noClasses().that().resideInAPackage(root + "..").should().accessTargetWhere(forbidden);
    }

    @Test
    void corePackagesFormNoCycle() {
        noPackageCycles("io.carrieremu.core").check(CORE);
    }

    @Test
    void nothingInTheCoreDependsOnTheRootPackage() {
        noClasses().that().resideOutsideOfPackage("io.carrieremu.core")
                .should().dependOnClassesThat().resideInAPackage("io.carrieremu.core")
                .check(CORE);
    }

    @Test
    void theCoreImportsNoBackend() {
        noClasses().that().resideInAPackage("io.carrieremu.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.carrieremu.os..", "io.carrieremu.samples..")
                .check(CORE);
    }

    @Test
    void theCoreReadsNoClockAndMakesNoThreads() {
        noClockOrThreads("io.carrieremu.core").check(CORE);
    }

    @Test
    void theRulesFailOnACycleAndAClockRead() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.carrieremu.archfixture");
        assertThatThrownBy(() -> noPackageCycles("io.carrieremu.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected");
        assertThatThrownBy(() -> noClockOrThreads("io.carrieremu.archfixture").check(fixture))
                .isInstanceOf(AssertionError.class).hasMessageContaining("currentTimeMillis");
    }
}
