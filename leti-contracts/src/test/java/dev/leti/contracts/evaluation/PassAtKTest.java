package dev.leti.contracts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.leti.contracts.evaluation.PassAtK.ProblemTally;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassAtKTest {

    @Test
    void passAtOneIsTheFractionOfPassingSamples() {
        assertThat(PassAtK.ofProblem(10, 3, 1)).isCloseTo(0.3, within(1e-12));
        assertThat(PassAtK.ofProblem(10, 0, 1)).isZero();
    }

    @Test
    void isOneWhenFewerThanKSamplesFail() {
        assertThat(PassAtK.ofProblem(10, 8, 5)).isEqualTo(1.0);
        assertThat(PassAtK.ofProblem(5, 5, 5)).isEqualTo(1.0);
    }

    @Test
    void equalsTheCombinatorialDefinitionForEveryNcK() {
        for (int n = 1; n <= 20; n++) {
            for (int c = 0; c <= n; c++) {
                for (int k = 1; k <= n; k++) {
                    double exact = n - c < k ? 1.0
                            : 1.0 - new java.math.BigDecimal(binomial(n - c, k)).divide(
                                    new java.math.BigDecimal(binomial(n, k)), java.math.MathContext.DECIMAL64)
                                    .doubleValue();
                    assertThat(PassAtK.ofProblem(n, c, k)).as("n=%d c=%d k=%d", n, c, k)
                            .isCloseTo(exact, within(1e-12));
                }
            }
        }
    }

    @Test
    void staysFiniteWhereBinomialsOverflowDoubles() {
        // C(2000, 1000) is about 1e600: the direct ratio would be inf/inf.
        double value = PassAtK.ofProblem(2000, 1, 1000);
        assertThat(value).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void averagesOverProblemsAndNeedsKSamplesEverywhere() {
        var problems = List.of(new ProblemTally(4, 0), new ProblemTally(4, 4), new ProblemTally(4, 2));
        assertThat(PassAtK.mean(problems, 1)).hasValueCloseTo((0 + 1 + 0.5) / 3, within(1e-12));
        assertThat(PassAtK.mean(problems, 5)).isEmpty();
        assertThat(PassAtK.mean(List.of(), 1)).isEmpty();
    }

    @Test
    void rejectsKOutsideOneToN() {
        assertThatThrownBy(() -> PassAtK.ofProblem(3, 1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.ofProblem(3, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProblemTally(2, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BigInteger binomial(int n, int k) {
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }
}
