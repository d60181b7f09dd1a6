package dev.leti.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leti.pretrain.corpus.PythonBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramChecksTest {

    @Test
    void onlyProgramsThatRunToTheEndPass() {
        assumeThat(Files.isExecutable(Path.of(PythonBatch.PYTHON))).isTrue();

        List<Boolean> passes = ProgramChecks.passes(List.of(
                "def f(x):\n    return x + 1\nassert f(1) == 2\n",
                "def f(x):\n    return x\nassert f(1) == 2\n",
                "def f(x)\n    return x\n",
                "while True:\n    pass\n",
                "print('x' * 10)\n"), 1);

        assertThat(passes).containsExactly(true, false, false, false, true);
    }

    @Test
    void aFailureSaysWhatWasRaised() {
        assumeThat(Files.isExecutable(Path.of(PythonBatch.PYTHON))).isTrue();

        List<String> errors = ProgramChecks.errors(List.of(
                "assert True\n",
                "undefined_name\n",
                "assert 1 == 2\n",
                "while True:\n    pass\n"), 1);

        assertThat(errors).containsExactly(null, "NameError: name 'undefined_name' is not defined", "AssertionError",
                "timeout");
    }
}
