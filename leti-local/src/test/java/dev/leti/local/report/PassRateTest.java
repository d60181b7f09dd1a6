package dev.leti.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import dev.leti.local.client.EvalSample;
import org.junit.jupiter.api.Test;

class PassRateTest {

    @Test
    void passAtOneIsTheMeanOverProblemsOfEachProblemsPassFraction() {
        List<EvalSample> samples = new ArrayList<>();
        samples.addAll(problem("a", 4, 4));
        samples.addAll(problem("b", 1, 4));
        samples.addAll(problem("c", 0, 4));
        samples.addAll(problem("z", 2, 2).stream().map(s -> new EvalSample("humaneval", s.problemId(), s.sampleIndex(), s.outcome())).toList());

        PassRate rate = PassRate.of(samples, "test");

        assertThat(rate.problems()).isEqualTo(3);
        assertThat(rate.samplesPerProblem()).isEqualTo(4);
        assertThat(rate.mean()).isCloseTo((1.0 + 0.25 + 0.0) / 3, within(1e-12));
        // sample sd of (1, .25, 0) is 0.5204; 1.96 * sd / sqrt(3)
        assertThat(rate.halfWidth()).isCloseTo(1.96 * 0.520416 / Math.sqrt(3), within(1e-5));
    }

    @Test
    void theChangeIsPairedByProblemSoAUniformGainIsCertain() {
        List<EvalSample> before = new ArrayList<>();
        List<EvalSample> after = new ArrayList<>();
        for (String problem : List.of("a", "b", "c", "d")) {
            before.addAll(problem(problem, 1, 4));
            after.addAll(problem(problem, 2, 4));
        }

        PassRate change = PassRate.change(before, after, "test");

        assertThat(change.mean()).isCloseTo(0.25, within(1e-12));
        assertThat(change.halfWidth()).isZero();
        assertThat(change.excludesZero()).isTrue();
    }

    @Test
    void aChangeThatFlipsSignAcrossProblemsIsWithinTheNoise() {
        List<EvalSample> before = new ArrayList<>(problem("a", 0, 2));
        before.addAll(problem("b", 2, 2));
        List<EvalSample> after = new ArrayList<>(problem("a", 2, 2));
        after.addAll(problem("b", 1, 2));

        assertThat(PassRate.change(before, after, "test").excludesZero()).isFalse();
    }

    static List<EvalSample> problem(String id, int passed, int n) {
        List<EvalSample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(new EvalSample("test", id, i, i < passed ? "PASSED" : "FAILED"));
        }
        return samples;
    }
}
