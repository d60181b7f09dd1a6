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
            case MBPP -> afterSetup(task.setupCode(), completion, task.tests());
            case HUMANEVAL -> new AssembledProgram(task.prompt() + completion + "\n" + task.tests() + "\n"
                    + "check(" + task.entryPoint() + ")\n", 1, lines(task.prompt() + completion) + 1);
            case GENERIC -> new AssembledProgram(completion + "\n" + task.tests() + "\n", 1, lines(completion) + 1);
        };
    }

    private static AssembledProgram afterSetup(String setupCode, String completion, String tests) {
        String program = completion + "\n" + tests;
        if (setupCode.isBlank()) {
            return new AssembledProgram(program + "\n", 1, lines(completion) + 1);
        }
        int setupLines = lines(setupCode);
        return new AssembledProgram(setupCode + "\n" + program + "\n", setupLines + 1,
                setupLines + lines(completion) + 1);
    }

    /** Lines the text takes when a newline follows it. */
    private static int lines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count() + 1;
    }
}
