package dev.leti.executor.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.execution.ExecutionTask;
import org.junit.jupiter.api.Test;

class ProgramAssemblerTest {

    @Test
    void mbppRunsSetupThenProgramThenAssertsAndCountsLinesFromTheProgram() {
        var task = new ExecutionTask(ProblemFormat.MBPP, "", "assert f(1) == 2\nassert f(2) == 3", "import math\nX = 1\n",
                "", null);

        AssembledProgram program = ProgramAssembler.assemble("def f(x):\n    return x + 1\n", task);

        assertThat(program.script()).isEqualTo(
                "import math\nX = 1\n\ndef f(x):\n    return x + 1\n\nassert f(1) == 2\nassert f(2) == 3\n");
        assertThat(program.firstProgramLine()).isEqualTo(4);
        assertThat(program.firstTestLine()).isEqualTo(7);
        assertThat(program.programLine(7)).isEqualTo(4);
        assertThat(program.sourceLine(7)).isEqualTo("assert f(1) == 2");
        assertThat(program.inProgram(2)).isFalse();
    }

    @Test
    void mbppWithoutSetupStartsAtTheProgram() {
        var task = new ExecutionTask(ProblemFormat.MBPP, "", "assert add(2, 3) == 5", "", "", null);

        AssembledProgram program = ProgramAssembler.assemble("def add(a, b):\n    return a + b\n", task);

        assertThat(program.script()).isEqualTo("def add(a, b):\n    return a + b\n\nassert add(2, 3) == 5\n");
        assertThat(program.firstProgramLine()).isEqualTo(1);
        assertThat(program.firstTestLine()).isEqualTo(4);
    }

    @Test
    void humanEvalRunsPromptCompletionTestAndCheckLikeTheDatasetHarness() {
        var task = new ExecutionTask(ProblemFormat.HUMANEVAL, "def inc(x):\n    \"\"\"Add one.\"\"\"\n",
                "def check(candidate):\n    assert candidate(1) == 2", "", "inc", null);

        AssembledProgram program = ProgramAssembler.assemble("    return x + 1\n", task);

        assertThat(program.script()).isEqualTo("def inc(x):\n    \"\"\"Add one.\"\"\"\n    return x + 1\n\n"
                + "def check(candidate):\n    assert candidate(1) == 2\ncheck(inc)\n");
        assertThat(program.firstProgramLine()).isEqualTo(1);
        assertThat(program.firstTestLine()).isEqualTo(5);
    }

    @Test
    void genericIsProgramThenTests() {
        var task = new ExecutionTask(ProblemFormat.GENERIC, "", "print(x)", "", "", null);

        AssembledProgram program = ProgramAssembler.assemble("x = 1", task);

        assertThat(program.script()).isEqualTo("x = 1\nprint(x)\n");
        assertThat(program.firstTestLine()).isEqualTo(2);
    }
}
