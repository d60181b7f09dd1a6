package dev.leti.executor.feedback;

import dev.leti.executor.program.AssembledProgram;
import dev.leti.executor.sandbox.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * LeTI's textual feedback: the interpreter's traceback reduced to the frames inside the
 * model's program, line numbers counted from the program's first line, each frame's source
 * line filled in, and no column pointer under a syntax error. Repeated frames collapse the
 * way CPython collapses them, so deep recursion stays readable.
 */
public final class FeedbackFormatter {

    /** The program's file name in every traceback. */
    public static final String PROGRAM_FILE = "<program>";
    private static final int RECURSIVE_CUTOFF = 3;

    private FeedbackFormatter() {
    }

    public static String format(Verdict verdict, AssembledProgram program) {
        StringBuilder text = new StringBuilder();
        List<Verdict.Frame> frames = verdict.frames().stream()
                .filter(frame -> program.inProgram(frame.line())).toList();
        if (!frames.isEmpty()) {
            text.append("Traceback (most recent call last):\n");
            appendFrames(text, frames, program);
        }
        if (verdict.syntax() != null) {
            appendSyntaxError(text, verdict, program);
        } else {
            text.append(verdict.message() == null ? verdict.type() : verdict.message());
        }
        return text.toString().stripTrailing();
    }

    private static void appendSyntaxError(StringBuilder text, Verdict verdict, AssembledProgram program) {
        int line = verdict.syntax().line();
        if (program.inProgram(line)) {
            appendLocation(text, program, line, null);
        }
        text.append(verdict.type()).append(": ").append(verdict.syntax().message());
    }

    private static void appendFrames(StringBuilder text, List<Verdict.Frame> frames, AssembledProgram program) {
        Verdict.Frame last = null;
        int count = 0;
        List<String> lines = new ArrayList<>();
        for (Verdict.Frame frame : frames) {
            if (!frame.equals(last)) {
                appendRepeats(lines, count);
                last = frame;
                count = 0;
            }
            count++;
            if (count <= RECURSIVE_CUTOFF) {
                StringBuilder one = new StringBuilder();
                appendLocation(one, program, frame.line(), frame.name());
                lines.add(one.toString());
            }
        }
        appendRepeats(lines, count);
        lines.forEach(text::append);
    }

    private static void appendRepeats(List<String> lines, int count) {
        if (count > RECURSIVE_CUTOFF) {
            int more = count - RECURSIVE_CUTOFF;
            lines.add("  [Previous line repeated " + more + " more time" + (more > 1 ? "s" : "") + "]\n");
        }
    }

    private static void appendLocation(StringBuilder text, AssembledProgram program, int scriptLine, String function) {
        text.append("  File \"").append(PROGRAM_FILE).append("\", line ").append(program.programLine(scriptLine));
        if (function != null) {
            text.append(", in ").append(function);
        }
        text.append('\n');
        String source = program.sourceLine(scriptLine);
        if (!source.isEmpty()) {
            text.append("    ").append(source).append('\n');
        }
    }
}
