package dev.leti.executor.feedback;

import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.program.AssembledProgram;
import dev.leti.executor.sandbox.RawRun;
import dev.leti.executor.sandbox.Verdict;

/** Turns what the sandbox saw into an outcome, an exception type and LeTI's feedback. */
public final class RunClassifier {

    /** LeTI's feedback for a program that ran out of time. */
    public static final String TIMEOUT_FEEDBACK = "timeout";
    private static final int SIGKILL = 9;
    private static final int SIGSEGV = 11;
    private static final int SIGXCPU = 24;

    private RunClassifier() {
    }

    public static Classification classify(RawRun run, AssembledProgram program) {
        if (run.timedOut() || Integer.valueOf(SIGXCPU).equals(run.signal())) {
            return new Classification(Outcome.TIMEOUT, null, TIMEOUT_FEEDBACK);
        }
        Verdict verdict = run.verdict();
        if (verdict != null) {
            return fromVerdict(verdict, program);
        }
        if (run.signal() != null) {
            return fromSignal(run.signal());
        }
        // The process left without reporting: os._exit() or an interpreter crash before the tests ended.
        return new Classification(Outcome.ERROR, "SystemExit", "SystemExit: " + run.exitCode());
    }

    private static Classification fromVerdict(Verdict verdict, AssembledProgram program) {
        if (!verdict.raised()) {
            return new Classification(Outcome.PASSED, null, "");
        }
        Outcome outcome = switch (verdict.type()) {
            case "AssertionError" -> Outcome.FAILED;
            case "MemoryError" -> Outcome.OUT_OF_MEMORY;
            default -> Outcome.ERROR;
        };
        return new Classification(outcome, verdict.type(), FeedbackFormatter.format(verdict, program));
    }

    private static Classification fromSignal(int signal) {
        return switch (signal) {
            // A SIGKILL we did not send comes from the out-of-memory killer (cgroup or container limit).
            case SIGKILL -> new Classification(Outcome.OUT_OF_MEMORY, "MemoryError", "MemoryError");
            case SIGSEGV -> new Classification(Outcome.ERROR, null, "Segmentation fault");
            default -> new Classification(Outcome.ERROR, null, "killed by signal " + signal);
        };
    }
}
