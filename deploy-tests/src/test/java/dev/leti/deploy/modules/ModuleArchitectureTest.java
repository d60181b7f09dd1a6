package dev.leti.deploy.modules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.leti.deploy.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module rules of docs/architecture.md, over each module's compiled main classes (the reactor
 * builds every module before this one): no package cycles inside a module; the model library and
 * the wire contract stay free of Spring, and the model library of the contract.
 */
class ModuleArchitectureTest {

    @ParameterizedTest
    @ValueSource(strings = {"leti-contracts", "leti-spring", "leti-model", "leti-pretrain", "executor-service",
            "generator-service", "trainer-service", "orchestrator-service", "leti-local"})
    void packagesFormNoCycles(String module) {
        slices().matching("dev.leti.(**)").should().beFreeOfCycles().allowEmptyShould(true).check(classes(module));
    }

    @ParameterizedTest
    @ValueSource(strings = {"leti-model", "leti-contracts"})
    void plainLibrariesDoNotUseSpring(String module) {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(classes(module));
    }

    @ParameterizedTest
    @ValueSource(strings = {"leti-model"})
    void theModelLibraryKnowsNoWireTypes(String module) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.leti.contracts..", "dev.leti.spring..")
                .check(classes(module));
    }

    private static JavaClasses classes(String module) {
        Path compiled = RepositoryFiles.resolve(module + "/target/classes");
        assumeTrue(Files.isDirectory(compiled), "not built yet: " + compiled);
        return new ClassFileImporter().importPath(compiled);
    }
}
