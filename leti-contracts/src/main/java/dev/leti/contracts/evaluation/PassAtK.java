package dev.leti.contracts.evaluation;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The unbiased pass@k estimator (Chen et al. 2021, as LeTI uses it): for a problem with n
 * samples of which c pass, {@code 1 - C(n-c, k) / C(n, k)}, computed in the numerically
 * stable product form {@code 1 - prod_{i=n-c+1..n} (1 - k/i)}, averaged over problems.
 */
public final class PassAtK {

    /** One problem's sample count and how many of them passed. */
    public record ProblemTally(int samples, int passed) {

        public ProblemTally {
            if (samples < 0 || passed < 0 || passed > samples) {
                throw new IllegalArgumentException("need 0 <= passed <= samples: " + passed + " of " + samples);
            }
        }
    }

    private PassAtK() {
    }

    /** pass@k of one problem; {@code k} must not exceed its sample count. */
    public static double ofProblem(int n, int c, int k) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, n]: k=" + k + ", n=" + n);
        }
        if (n - c < k) {
            return 1.0;
        }
        double allFail = 1.0;
        for (int i = n - c + 1; i <= n; i++) {
            allFail *= 1.0 - (double) k / i;
        }
        return 1.0 - allFail;
    }

    /** Mean pass@k over problems; empty when a problem has fewer than k samples, or none exist. */
    public static OptionalDouble mean(List<ProblemTally> problems, int k) {
        if (problems.isEmpty() || problems.stream().anyMatch(p -> p.samples() < k)) {
            return OptionalDouble.empty();
        }
        return problems.stream().mapToDouble(p -> ofProblem(p.samples(), p.passed(), k)).average();
    }
}
