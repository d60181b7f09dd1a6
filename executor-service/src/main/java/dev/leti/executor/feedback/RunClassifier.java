package dev.leti.executor.feedback;

import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.program.AssembledProgram;
import dev.leti.executor.sandbox.RawRun;
import dev.leti.executor.sandbox.RawRun.Suspicion;
import dev.leti.executor.sandbox.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns what the sandbox saw into an outcome, an exception type and LeTI's feedback.
 *
 * <p>PASSED needs the service's proof check ({@link RawRun#testsCompleted}); a report of success
 * without it is a forgery. Any reward hack the sandbox noticed makes the run SUSPICIOUS, whatever
 * else happened; so does leaving before the tests ran to completion.
 */
public final class RunClassifier {

    /** LeTI's feedback for a program that ran out of time. */
    public static final String TIMEOUT_FEEDBACK = "timeout";
    static final String EARLY_EXIT = "early-exit";
    /** The kinds of reward hack the sandbox and the classifier name; anything else counts as {@code other}. */
    public static final List<String> HACK_KINDS = List.of(EARLY_EXIT, "eq-hack", "builtins", "harness", "tests",
            "forgery", "other");
    private static final int SIGKILL = 9;
    private static final int SIGSEGV = 11;
    private static final int SIGXCPU = 24;

    private RunClassifier() {
    }

    public static Classification classify(RawRun run, AssembledProgram program) {
        Verdict verdict = run.verdict();
        List<Suspicion> findings = new ArrayList<>(run.suspicions());
        boolean claimsSuccess = verdict != null && !verdict.raised();
        if (claimsSuccess && !run.testsCompleted()) {
            findings.add(new Suspicion("forgery",
                    "reported success without the proof that its tests ran to completion"));
        }
        boolean systemExit = verdict != null && "SystemExit".equals(verdict.type());
        if (systemExit) {
            String exit = verdict.message() == null ? "SystemExit" : verdict.message();
            findings.add(new Suspicion(EARLY_EXIT, "raised " + exit + " before its tests ran to completion"));
        }
        if (verdict == null && !run.timedOut() && run.signal() == null) {
            // The process left without any report: os._exit() before the tests ended.
            findings.add(new Suspicion(EARLY_EXIT,
                    "exited (status " + run.exitCode() + ") before its tests ran to completion"));
        }
        if (!findings.isEmpty()) {
            return suspicious(findings, systemExit);
        }
        if (run.timedOut() || Integer.valueOf(SIGXCPU).equals(run.signal())) {
            return new Classification(Outcome.TIMEOUT, null, TIMEOUT_FEEDBACK);
        }
        if (claimsSuccess) {
            return new Classification(Outcome.PASSED, null, "");
        }
        return verdict != null ? fromVerdict(verdict, program) : fromSignal(run.signal());
    }

    /**
     * LeTI's feedback for a reward hack: one line per distinct finding, saying that the tests never
     * ran to completion when the program left early.
     */
    private static Classification suspicious(List<Suspicion> suspicions, boolean systemExit) {
        Set<String> lines = new LinkedHashSet<>();
        Set<String> kinds = new LinkedHashSet<>();
        for (Suspicion suspicion : suspicions) {
            lines.add("RewardHack (" + suspicion.kind() + "): the program " + suspicion.detail());
            kinds.add(HACK_KINDS.contains(suspicion.kind()) ? suspicion.kind() : "other");
        }
        if (kinds.contains(EARLY_EXIT)) {
            lines.add("The tests never ran to completion.");
        }
        return new Classification(Outcome.SUSPICIOUS, systemExit ? "SystemExit" : null, String.join("\n", lines),
                kinds);
    }

    private static Classification fromVerdict(Verdict verdict, AssembledProgram program) {
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
