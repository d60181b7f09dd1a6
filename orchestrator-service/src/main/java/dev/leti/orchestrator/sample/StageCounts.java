package dev.leti.orchestrator.sample;

import java.util.List;

/** Samples expected and samples executed so far in a sampling stage. */
public record StageCounts(long expected, long executed) {

    public boolean complete() {
        return executed >= expected;
    }

    public double fraction() {
        return expected == 0 ? 0.0 : Math.min(1.0, (double) executed / expected);
    }

    public static StageCounts of(List<RequestProgress> requests) {
        return new StageCounts(requests.stream().mapToLong(RequestProgress::expected).sum(),
                requests.stream().mapToLong(r -> Math.min(r.executed(), r.expected())).sum());
    }
}
