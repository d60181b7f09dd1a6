package dev.leti.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The orchestrator's layout as rules: feature packages without cycles (the root package counts
 * as one more), SQL only in the repositories, and the web edge that nothing depends on.
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ROOT = "dev.leti.orchestrator";

    /** Each package directly under the root is a slice (sub-packages belong to it), the root package another. */
    static final SliceAssignment FEATURE_PACKAGES = new SliceAssignment() {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(ROOT)) {
                return SliceIdentifier.of("(root)");
            }
            if (!name.startsWith(ROOT + ".")) {
                return SliceIdentifier.ignore();
            }
            return SliceIdentifier.of(name.substring(ROOT.length() + 1).split("\\.")[0]);
        }

        @Override
        public String getDescription() {
            return "the packages of " + ROOT;
        }
    };

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(FEATURE_PACKAGES).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyRepositoriesUseJdbc = noClasses()
            .that().haveNameNotMatching(".*Repository(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
            .because("SQL lives in one repository per table family (JdbcClient, JdbcTemplate, "
                    + "NamedParameterJdbcTemplate and JDBC types only in classes named *Repository)");

    @ArchTest
    static final ArchRule nothingDependsOnTheWebEdge = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".web..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".web..")
            .because("domain exceptions live in the domain; web maps them to problem bodies");
}
