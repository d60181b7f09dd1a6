package dev.leti.orchestrator.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.SamplePurpose;
import dev.leti.contracts.execution.ExecutionReport;
import dev.leti.contracts.execution.ExecutionResult;
import dev.leti.contracts.execution.ExecutionTask;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.generation.FinishReason;
import dev.leti.contracts.generation.GeneratedSample;
import dev.leti.contracts.generation.GenerationFailed;
import dev.leti.contracts.generation.GenerationRequest;
import dev.leti.contracts.generation.ProblemToSample;
import dev.leti.contracts.generation.SamplingSettings;
import dev.leti.orchestrator.RepositoryTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Samples, results and requests as the listeners and the sampling stages store and read them. */
class SampleRepositoryTest extends RepositoryTest {

    private static final ExecutionTask TASK =
            new ExecutionTask(ProblemFormat.MBPP, "", "assert f(1) == 1", "", "", null);

    @Autowired
    SampleRepository samples;

    @Test
    void aRedeliveredSampleOrResultIsStoredOnce() {
        UUID run = insertRun();
        GeneratedSample sample = sample(run, UUID.randomUUID(), 0, "def f(x):\n    return x\n");
        ExecutionResult result = result(sample, Outcome.PASSED);

        assertThat(samples.recordSample(sample)).isTrue();
        assertThat(samples.recordSample(sample)).isFalse();
        assertThat(samples.recordResult(result)).isTrue();
        assertThat(samples.recordResult(result)).isFalse();

        String key = SampleRepository.stageKey(0, SamplePurpose.EVAL);
        assertThat(samples.sampleCounts(run).get(key)).containsExactly(1, 12);
        assertThat(samples.executionCounts(run).outcomes().get(key)).containsEntry("PASSED", 1L);
    }

    @Test
    void rewardHacksAreCountedByKindOncePerSample() {
        UUID run = insertRun();
        UUID request = UUID.randomUUID();
        GeneratedSample exits = sample(run, request, 0, "import os\nos._exit(0)\n");
        GeneratedSample cheats = sample(run, request, 1, "class A:\n    def __eq__(self, o): return True\n");
        samples.recordSample(exits);
        samples.recordSample(cheats);
        samples.recordResult(suspicious(exits, "RewardHack (early-exit): the program exited with os._exit(0)\n"
                + "RewardHack (early-exit): the program ended before its tests\nThe tests never ran to completion."));
        samples.recordResult(suspicious(cheats, "RewardHack (eq-hack): an object whose __eq__ is always True\n"
                + "RewardHack (early-exit): the program called sys.exit(0)"));

        String key = SampleRepository.stageKey(0, SamplePurpose.EVAL);
        assertThat(samples.executionCounts(run).outcomes().get(key)).containsEntry("SUSPICIOUS", 2L);
        assertThat(samples.executionCounts(run).rewardHacks().get(key))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("early-exit", 2L, "eq-hack", 1L));
    }

    @Test
    void messagesOfAnUnknownRunAreIgnored() {
        GeneratedSample stranger = sample(UUID.randomUUID(), UUID.randomUUID(), 0, "x");

        assertThat(samples.recordSample(stranger)).isFalse();
        assertThat(samples.recordResult(result(stranger, Outcome.PASSED))).isFalse();
    }

    @Test
    void nulCharactersAreStoredAsReplacementCharacters() {
        UUID run = insertRun();
        GeneratedSample sample = sample(run, UUID.randomUUID(), 0, "return x\u0000");
        samples.recordSample(sample);

        SampleView stored = samples.samples(run, 0, null, null, 0, 10).content().get(0);
        assertThat(stored.completion()).isEqualTo("return x\uFFFD");
        assertThat(stored.outcome()).isNull();
    }

    @Test
    void aStageIsCompleteWhenEveryRequestedSampleHasAResult() {
        UUID run = insertRun();
        GenerationRequest request = request(run);
        samples.insertRequest(request);
        GeneratedSample first = sample(run, request.requestId(), 0, "a");
        GeneratedSample second = sample(run, request.requestId(), 1, "b");
        samples.recordSample(first);
        samples.recordSample(second);
        samples.recordResult(result(first, Outcome.FAILED));

        StageCounts half = StageCounts.of(samples.progress(run, 0, SamplePurpose.EVAL));
        assertThat(half).isEqualTo(new StageCounts(2, 1));
        assertThat(half.complete()).isFalse();

        samples.recordResult(result(second, Outcome.PASSED));
        assertThat(StageCounts.of(samples.progress(run, 0, SamplePurpose.EVAL)).complete()).isTrue();
        assertThat(samples.samples(run, 0, Outcome.PASSED, SamplePurpose.EVAL, 0, 10).total()).isEqualTo(1);
    }

    @Test
    void aReattemptCountsAndClearsTheGeneratorsFailure() {
        UUID run = insertRun();
        GenerationRequest request = request(run);
        samples.insertRequest(request);

        assertThat(samples.recordFailure(new GenerationFailed(request.requestId(), run, 0, "oom", Instant.now())))
                .isTrue();
        assertThat(samples.progress(run, 0, SamplePurpose.EVAL).get(0).failure()).isEqualTo("oom");

        assertThat(samples.reattempt(request.requestId())).isEqualTo(request);
        RequestProgress progress = samples.progress(run, 0, SamplePurpose.EVAL).get(0);
        assertThat(progress.attempts()).isEqualTo(2);
        assertThat(progress.failure()).isNull();
        assertThat(samples.recordFailure(new GenerationFailed(UUID.randomUUID(), run, 0, "?", Instant.now())))
                .isFalse();
    }

    @Test
    void aCopiedStageIsCompleteUnderTheTargetRunsOwnIds() {
        UUID source = insertRun();
        UUID target = insertRun();
        GenerationRequest request = request(source);
        samples.insertRequest(request);
        for (int i = 0; i < 2; i++) {
            GeneratedSample sample = sample(source, request.requestId(), i, "s" + i);
            samples.recordSample(sample);
            samples.recordResult(result(sample, Outcome.PASSED));
        }
        assertThat(samples.hasRequests(target, 0, SamplePurpose.EVAL)).isFalse();

        assertThat(samples.copyStage(source, target, 0, SamplePurpose.EVAL)).isEqualTo(2);

        assertThat(samples.hasRequests(target, 0, SamplePurpose.EVAL)).isTrue();
        List<RequestProgress> copied = samples.progress(target, 0, SamplePurpose.EVAL);
        assertThat(copied).singleElement().satisfies(r -> {
            assertThat(r.requestId()).isNotEqualTo(request.requestId());
            assertThat(r.complete()).isTrue();
        });
        List<UUID> sourceIds = samples.samples(source, 0, null, null, 0, 10).content().stream()
                .map(SampleView::sampleId).toList();
        assertThat(samples.samples(target, 0, null, null, 0, 10).content())
                .hasSize(2).noneMatch(s -> sourceIds.contains(s.sampleId()));
    }

    private static GenerationRequest request(UUID run) {
        return new GenerationRequest(UUID.randomUUID(), run, 0, SamplePurpose.EVAL, "builtin:leti-tiny",
                RewardToken.NONE, new SamplingSettings(0.2, 1.0, 0, 64, 1L), List.of(),
                List.of(new ProblemToSample("test/1", "prompt", 2, TASK)));
    }

    private static GeneratedSample sample(UUID run, UUID request, int index, String completion) {
        return new GeneratedSample(GeneratedSample.idFor(request, "test/1", index), request, run, 0,
                SamplePurpose.EVAL, "test/1", index, "builtin:leti-tiny", "prompt", completion, 9, 12,
                FinishReason.STOP, TASK, Instant.now());
    }

    private static ExecutionResult suspicious(GeneratedSample sample, String feedback) {
        return new ExecutionResult(sample.sampleId(), sample.runId(), 0, SamplePurpose.EVAL, "test/1", new ExecutionReport(Outcome.SUSPICIOUS,
                null, feedback, "", "", false, false, 30, "process"), Instant.now());
    }

    private static ExecutionResult result(GeneratedSample sample, Outcome outcome) {
        return new ExecutionResult(sample.sampleId(), sample.runId(), 0, SamplePurpose.EVAL, "test/1", new ExecutionReport(outcome, null,
                "", "", "", false, false, 30, "process"), Instant.now());
    }
}
