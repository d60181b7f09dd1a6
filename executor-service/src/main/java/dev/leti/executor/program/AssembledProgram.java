package dev.leti.executor.program;

import java.util.List;

/**
 * The script the sandbox runs, and where the model's program starts in it. Feedback counts
 * lines from that start, so a traceback speaks of the program the model sees (program
 * followed by its tests), never of setup code put in front of it.
 *
 * @param script           the whole script
 * @param firstProgramLine 1-based script line holding the program's first line
 * @param firstTestLine    1-based script line holding the tests' first line (the sandbox runs them
 *                         in a process of their own, which calls the program's)
 */
public record AssembledProgram(String script, int firstProgramLine, int firstTestLine) {

    public AssembledProgram {
        if (firstProgramLine < 1) {
            throw new IllegalArgumentException("firstProgramLine must be >= 1: " + firstProgramLine);
        }
    }

    /** Whether a script line belongs to the program (or the tests after it). */
    public boolean inProgram(int scriptLine) {
        return scriptLine >= firstProgramLine && scriptLine <= lines().size();
    }

    /** The script line's number as counted from the program's first line. */
    public int programLine(int scriptLine) {
        return scriptLine - firstProgramLine + 1;
    }

    /** The script line's text without surrounding whitespace, as a traceback quotes it. */
    public String sourceLine(int scriptLine) {
        List<String> lines = lines();
        return scriptLine >= 1 && scriptLine <= lines.size() ? lines.get(scriptLine - 1).strip() : "";
    }

    private List<String> lines() {
        return script.lines().toList();
    }
}
