package dev.leti.executor.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.execution.Outcome;
import dev.leti.executor.program.AssembledProgram;
import dev.leti.executor.sandbox.RawRun;
import dev.leti.executor.sandbox.RawRun.Suspicion;
import dev.leti.executor.sandbox.Verdict;
import dev.leti.executor.sandbox.Verdict.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden feedback texts, one test per LeTI feedback rule. */
class FeedbackRulesTest {

    /** Two setup lines, then a program of five lines (program + tests). */
    private static final AssembledProgram PROGRAM = new AssembledProgram("""
            import math
            SETUP = 1
            def add(a, b):
                return a - b

            assert add(2, 3) == 5
            add(1, undefined)
            """, 3, 6);

    private static Classification classify(Verdict verdict) {
        boolean proven = verdict != null && !verdict.raised();
        return RunClassifier.classify(ended(0, null, verdict, proven, List.of()), PROGRAM);
    }

    private static RawRun ended(Integer exitCode, Integer signal, Verdict verdict, boolean completed,
            List<Suspicion> suspicions) {
        return new RawRun(false, exitCode, signal, verdict, suspicions, completed, "", "", false, false, 10);
    }

    @Test
    void failedAssertQuotesTheAssertLineCountedFromTheProgram() {
        var verdict = new Verdict("AssertionError", List.of(new Frame(6, "<module>")), "AssertionError", null);

        assertThat(classify(verdict)).isEqualTo(new Classification(Outcome.FAILED, "AssertionError", """
                Traceback (most recent call last):
                  File "<program>", line 4, in <module>
                    assert add(2, 3) == 5
                AssertionError"""));
    }

    @Test
    void framesOutsideTheProgramAreDroppedAndEachKeptFrameShowsItsSource() {
        var verdict = new Verdict("TypeError",
                List.of(new Frame(1, "<harness>"), new Frame(7, "<module>"), new Frame(4, "add")),
                "TypeError: unsupported operand type(s) for -: 'int' and 'str'", null);

        assertThat(classify(verdict)).isEqualTo(new Classification(Outcome.ERROR, "TypeError", """
                Traceback (most recent call last):
                  File "<program>", line 5, in <module>
                    add(1, undefined)
                  File "<program>", line 2, in add
                    return a - b
                TypeError: unsupported operand type(s) for -: 'int' and 'str'"""));
    }

    @Test
    void syntaxErrorHasNoColumnPointerAndNoTracebackHeader() {
        var verdict = new Verdict("SyntaxError", List.of(), null, new Verdict.Syntax(3, "invalid syntax"));

        assertThat(classify(verdict).feedback()).isEqualTo(
                "  File \"<program>\", line 1\n    def add(a, b):\nSyntaxError: invalid syntax");
        assertThat(classify(verdict).outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void repeatedFramesCollapseLikeCPython() {
        List<Frame> frames = new ArrayList<>(List.of(new Frame(7, "<module>")));
        for (int i = 0; i < 10; i++) {
            frames.add(new Frame(4, "add"));
        }
        var verdict = new Verdict("RecursionError", frames, "RecursionError: maximum recursion depth exceeded", null);

        assertThat(classify(verdict).feedback()).isEqualTo("""
                Traceback (most recent call last):
                  File "<program>", line 5, in <module>
                    add(1, undefined)
                  File "<program>", line 2, in add
                    return a - b
                  File "<program>", line 2, in add
                    return a - b
                  File "<program>", line 2, in add
                    return a - b
                  [Previous line repeated 7 more times]
                RecursionError: maximum recursion depth exceeded""");
    }

    @Test
    void timeoutFeedbackIsTheWordTimeout() {
        var run = new RawRun(true, null, 9, null, List.of(), false, "partial", "", false, false, 5000);

        assertThat(RunClassifier.classify(run, PROGRAM)).isEqualTo(new Classification(Outcome.TIMEOUT, null, "timeout"));
    }

    @Test
    void cpuLimitCountsAsTimeout() {
        var run = ended(null, 24, null, false, List.of());

        assertThat(RunClassifier.classify(run, PROGRAM).outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void passingProgramHasNoFeedback() {
        assertThat(classify(new Verdict(null, List.of(), null, null)))
                .isEqualTo(new Classification(Outcome.PASSED, null, ""));
    }

    @Test
    void memoryErrorIsOutOfMemoryWithItsTraceback() {
        var verdict = new Verdict("MemoryError", List.of(new Frame(7, "<module>")), "MemoryError", null);

        Classification result = classify(verdict);

        assertThat(result.outcome()).isEqualTo(Outcome.OUT_OF_MEMORY);
        assertThat(result.feedback()).endsWith("add(1, undefined)\nMemoryError");
    }

    @Test
    void killedByTheMemoryLimitWithoutAVerdictIsOutOfMemory() {
        var run = ended(null, 9, null, false, List.of());

        assertThat(RunClassifier.classify(run, PROGRAM).outcome()).isEqualTo(Outcome.OUT_OF_MEMORY);
    }

    @Test
    void exitingBeforeTheTestsFinishIsSuspiciousAndSaysTheTestsNeverRan() {
        assertThat(RunClassifier.classify(ended(0, null, null, false, List.of()), PROGRAM))
                .isEqualTo(new Classification(Outcome.SUSPICIOUS, null, """
                        RewardHack (early-exit): the program exited (status 0) before its tests ran to completion
                        The tests never ran to completion.""", Set.of("early-exit")));
    }

    @Test
    void systemExitInAnyFormIsSuspicious() {
        var verdict = new Verdict("SystemExit", List.of(new Frame(4, "<module>")), "SystemExit: 0", null);

        assertThat(classify(verdict)).isEqualTo(new Classification(Outcome.SUSPICIOUS, "SystemExit", """
                RewardHack (early-exit): the program raised SystemExit: 0 before its tests ran to completion
                The tests never ran to completion.""", Set.of("early-exit")));
    }

    @Test
    void successWithoutTheProofIsAForgery() {
        var forged = ended(0, null, new Verdict(null, List.of(), null, null, "guessed"), false, List.of());

        Classification result = RunClassifier.classify(forged, PROGRAM);

        assertThat(result.outcome()).isEqualTo(Outcome.SUSPICIOUS);
        assertThat(result.feedback()).startsWith("RewardHack (forgery):");
    }

    @Test
    void aNoticedHackOutweighsAProvenPass() {
        var hack = new Suspicion("eq-hack", "compared a value equal to anything");
        var run = ended(0, null, new Verdict(null, List.of(), null, null, "nonce"), true, List.of(hack, hack));

        assertThat(RunClassifier.classify(run, PROGRAM)).isEqualTo(new Classification(Outcome.SUSPICIOUS, null,
                "RewardHack (eq-hack): the program compared a value equal to anything", Set.of("eq-hack")));
    }

    @Test
    void aKindTheSandboxDoesNotKnowCountsAsOther() {
        var run = ended(0, null, null, false, List.of(new Suspicion("made-up\nkind", "wrote an S line itself")));

        assertThat(RunClassifier.classify(run, PROGRAM).rewardHacks()).containsExactlyInAnyOrder("other", "early-exit");
    }
}
