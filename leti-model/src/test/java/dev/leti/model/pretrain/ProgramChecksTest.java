package dev.leti.model.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leti.model.corpus.PythonBatch;
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
    void passAtKIsTheUnbiasedEstimator() {
        assertThat(BaseModelEvaluation.passAtK(10, 0, 1)).isZero();
        assertThat(BaseModelEvaluation.passAtK(10, 3, 1)).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
        // 1 - C(7,5)/C(10,5) = 1 - 21/252
        assertThat(BaseModelEvaluation.passAtK(10, 3, 5)).isCloseTo(1 - 21.0 / 252, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(BaseModelEvaluation.passAtK(10, 6, 5)).isEqualTo(1.0);
    }
}
