package dev.leti.local.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.leti.local.client.EvalSample;

/**
 * pass@1 of one evaluation set with its sampling noise: the mean over problems of each problem's
 * pass fraction c/n (the unbiased pass@1), and a 95% interval from the spread across problems
 * (normal approximation, 1.96 standard errors).
 *
 * @param problems   problems evaluated
 * @param samplesPerProblem n, the smallest count of samples any problem got
 * @param mean       pass@1
 * @param halfWidth  half the 95% interval's width
 */
public record PassRate(int problems, int samplesPerProblem, double mean, double halfWidth) {

    private static final double Z95 = 1.96;

    public static PassRate of(List<EvalSample> samples, String evalSet) {
        Map<String, Double> perProblem = perProblem(samples, evalSet);
        int n = (int) samples.stream().filter(s -> s.evalSet().equals(evalSet))
                .collect(Collectors.groupingBy(EvalSample::problemId, Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).min().orElse(0);
        return summarise(perProblem.values().stream().mapToDouble(Double::doubleValue).toArray(), n);
    }

    /**
     * After minus before, paired by problem: the interval of the change in pass@1. Paired, because
     * the problems are the same in both and most of the spread is between problems, not between
     * checkpoints.
     */
    public static PassRate change(List<EvalSample> before, List<EvalSample> after, String evalSet) {
        Map<String, Double> b = perProblem(before, evalSet);
        Map<String, Double> a = perProblem(after, evalSet);
        double[] differences = a.keySet().stream().filter(b::containsKey)
                .mapToDouble(problem -> a.get(problem) - b.get(problem)).toArray();
        return summarise(differences, 0);
    }

    public boolean excludesZero() {
        return mean - halfWidth > 0 || mean + halfWidth < 0;
    }

    public String format() {
        return String.format("%.3f ± %.3f", mean, halfWidth);
    }

    private static Map<String, Double> perProblem(List<EvalSample> samples, String evalSet) {
        Map<String, List<EvalSample>> byProblem = samples.stream()
                .filter(s -> s.evalSet().equals(evalSet) && s.outcome() != null)
                .collect(Collectors.groupingBy(EvalSample::problemId, TreeMap::new, Collectors.toList()));
        Map<String, Double> rates = new TreeMap<>();
        byProblem.forEach((problem, list) ->
                rates.put(problem, list.stream().filter(EvalSample::passed).count() / (double) list.size()));
        return rates;
    }

    private static PassRate summarise(double[] values, int n) {
        int count = values.length;
        if (count == 0) {
            return new PassRate(0, n, 0, 0);
        }
        double mean = java.util.Arrays.stream(values).average().orElse(0);
        double variance = count < 2 ? 0
                : java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (count - 1);
        return new PassRate(count, n, mean, Z95 * Math.sqrt(variance / count));
    }
}
