package dev.leti.executor.program;

import dev.leti.contracts.execution.ExecutionTask;

/**
 * Builds the script for a sample, per dataset format, the way the datasets' own harnesses
 * run their reference solutions (see ../shared/datasets/README.md):
 * <ul>
 *   <li>MBPP: {@code setup + "\n" + program + "\n" + asserts}; lines count from the program.</li>
 *   <li>HumanEval: {@code prompt + completion + "\n" + test + "\n" + "check(entry_point)"};
 *       the prompt is the start of the function the model writes, so lines count from it.</li>
 *   <li>Generic: {@code program + "\n" + tests}.</li>
 * </ul>
 */
public final class ProgramAssembler {

    private ProgramAssembler() {
    }

    public static AssembledProgram assemble(String completion, ExecutionTask task) {
        return switch (task.format()) {
            case MBPP -> afterSetup(task.setupCode(), completion + "\n" + task.tests());
            case HUMANEVAL -> new AssembledProgram(task.prompt() + completion + "\n" + task.tests() + "\n"
                    + "check(" + task.entryPoint() + ")\n", 1);
            case GENERIC -> new AssembledProgram(completion + "\n" + task.tests() + "\n", 1);
        };
    }

    private static AssembledProgram afterSetup(String setupCode, String program) {
        if (setupCode.isBlank()) {
            return new AssembledProgram(program + "\n", 1);
        }
        int setupLines = (int) setupCode.chars().filter(c -> c == '\n').count() + 1;
        return new AssembledProgram(setupCode + "\n" + program + "\n", setupLines + 1);
    }
}
