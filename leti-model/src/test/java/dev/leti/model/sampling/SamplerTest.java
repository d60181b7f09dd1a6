package dev.leti.model.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.LanguageModel;
import dev.leti.model.TestModels;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.nn.GradMode;
import dev.leti.model.sampling.SamplingOptions;
import dev.leti.model.sampling.StopReason;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.training.AdamWSettings;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final List<String> PROGRAMS = List.of(
            "def add(a, b):\n    return a + b\n",
            "def neg(x):\n    return -x\n");

    private static final int TRAINING_STEPS = 150;

    /** A model that has memorised two tiny programs, so greedy decoding has a known answer. */
    private static LanguageModel trained;
    private static LanguageModel untrained;

    @BeforeAll
    static void trainAModel() {
        ModelConfig config = new ModelConfig(262, 64, 2, 4, 2, 128, 96, 10000.0, 1e-5, true);
        trained = TestModels.random(config, 1);
        untrained = TestModels.random(TestModels.small(), 2);
        Tokenizer tokenizer = trained.tokenizer();
        List<int[]> sequences = PROGRAMS.stream()
                .map(text -> tokenizer.encodeWithSpecialTokens(text + SpecialToken.END_OF_TEXT.text())).toList();
        TrainingBatch batch = TrainingBatch.of(sequences, tokenizer.id(SpecialToken.PAD), 64);
        TrainingOptions options = new TrainingOptions(1.5e-2, 0, new AdamWSettings(0.9, 0.98, 1e-8), 10, TRAINING_STEPS,
                LearningRateSchedule.COSINE, 1.0, false, null);
        try (TrainingSession session = TrainingSession.start(trained, options)) {
            for (int step = 0; step < TRAINING_STEPS; step++) {
                session.step(batch);
            }
            assertThat(session.evaluate(batch)).isLessThan(0.1);
        }
    }

    @AfterAll
    static void close() {
        trained.close();
        untrained.close();
    }

    private static SamplingOptions greedy(int maxNewTokens, String... stops) {
        return new SamplingOptions(0, 1, 0, maxNewTokens, List.of(stops));
    }

    private static GenerationInput input(LanguageModel model, String prompt, SamplingOptions settings, long seed) {
        return new GenerationInput(model.tokenizer().encode(prompt), settings, seed);
    }

    @Test
    void greedyDecodingCompletesAMemorisedProgramAndStopsAtEndOfText() {
        GenerationResult result = new Sampler(trained).generate(List.of(input(trained, "def add(", greedy(50), 0))).get(0);
        assertThat(result.text()).isEqualTo("a, b):\n    return a + b\n");
        assertThat(result.finishReason()).isEqualTo(StopReason.END_OF_TEXT);
        assertThat(result.promptTokens()).isEqualTo(8);
        assertThat(result.completionTokens()).isEqualTo(result.text().length() + 1);
    }

    @Test
    void theEarliestStopSequenceEndsTheSampleAndIsLeftOut() {
        GenerationResult result = new Sampler(trained)
                .generate(List.of(input(trained, "def add(", greedy(50, "+ b", "\n    "), 0))).get(0);
        assertThat(result.finishReason()).isEqualTo(StopReason.STOP);
        assertThat(result.text()).isEqualTo("a, b):");
        assertThat(result.completionTokens()).isEqualTo("a, b):\n    ".length());
    }

    @Test
    void theTokenBudgetEndsTheSampleWithLength() {
        GenerationResult result = new Sampler(trained).generate(List.of(input(trained, "def neg(", greedy(4), 0))).get(0);
        assertThat(result.finishReason()).isEqualTo(StopReason.LENGTH);
        assertThat(result.text()).isEqualTo("x):\n");
        assertThat(result.completionTokens()).isEqualTo(4);
    }

    @Test
    void aFullContextEndsTheSampleWithLength() {
        int maxPositions = trained.config().maxPositions();
        int[] nearlyFull = new int[maxPositions - 3];
        Arrays.fill(nearlyFull, ' ');
        int[] full = new int[maxPositions];
        Arrays.fill(full, ' ');
        List<GenerationResult> results = new Sampler(trained).generate(List.of(
                new GenerationInput(nearlyFull, greedy(50), 0), new GenerationInput(full, greedy(50), 0)));
        // Three positions are left: the sample stops within them, by length unless the model's
        // greedy choice there is end-of-text (it is on some CPUs' kernels: a near tie).
        assertThat(results.get(0).finishReason()).isIn(StopReason.LENGTH, StopReason.END_OF_TEXT);
        assertThat(results.get(0).completionTokens()).isLessThanOrEqualTo(3);
        assertThat(results.get(1).finishReason()).isEqualTo(StopReason.LENGTH);
        assertThat(results.get(1).completionTokens()).isZero();
        assertThat(results.get(1).text()).isEmpty();
    }

    @Test
    void aBatchOfPromptsOfDifferentLengthsGivesWhatEachGivesAlone() {
        Sampler sampler = new Sampler(untrained);
        List<GenerationInput> inputs = List.of(
                input(untrained, "x", greedy(12), 0),
                input(untrained, "def longer_prompt(a, b, c):", greedy(3), 0),
                input(untrained, "print(1)", greedy(20), 0),
                new GenerationInput(untrained.tokenizer().encodePrompt(SpecialToken.GOOD.text(), "abc"), greedy(7), 0));
        List<GenerationResult> batched = sampler.generate(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            GenerationResult alone = sampler.generate(List.of(inputs.get(i))).get(0);
            assertThat(batched.get(i)).isEqualTo(new GenerationResult(i, alone.text(), alone.promptTokens(),
                    alone.completionTokens(), alone.finishReason()));
            GenerationResult reference = greedyWithoutCache(untrained, inputs.get(i));
            assertThat(batched.get(i).text()).isEqualTo(reference.text());
            assertThat(batched.get(i).completionTokens()).isEqualTo(reference.completionTokens());
        }
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsDiffer() {
        Sampler sampler = new Sampler(untrained);
        SamplingOptions hot = new SamplingOptions(1.0, 0.95, 50, 24, List.of());
        List<GenerationInput> inputs = IntStream.range(0, 6)
                .mapToObj(i -> input(untrained, "def f(x):", hot, 1000 + i)).toList();
        List<GenerationResult> first = sampler.generate(inputs);
        List<GenerationResult> second = sampler.generate(inputs);
        assertThat(second).isEqualTo(first);
        assertThat(first.stream().map(GenerationResult::text).distinct()).hasSize(6);
        GenerationResult alone = sampler.generate(List.of(inputs.get(3))).get(0);
        assertThat(alone.text()).isEqualTo(first.get(3).text());
    }

    @Test
    void eachSequenceIsHandedOverAsSoonAsItFinishes() {
        List<GenerationInput> inputs = List.of(
                input(trained, "def add(", greedy(9), 0),
                input(trained, "def add(", greedy(2), 0),
                input(trained, "def neg(", greedy(50), 0),
                input(trained, "def neg(", greedy(5), 0));
        List<Integer> order = new ArrayList<>();
        List<GenerationResult> results = new Sampler(trained).generate(inputs, result -> order.add(result.index()));
        assertThat(order).containsExactly(1, 3, 0, 2);
        assertThat(results).extracting(GenerationResult::index).containsExactly(0, 1, 2, 3);
        assertThat(results.get(2).text()).isEqualTo("x):\n    return -x\n");
    }

    /** Greedy continuation by full forward passes over the growing sequence: no cache, no batch. */
    private static GenerationResult greedyWithoutCache(LanguageModel model, GenerationInput input) {
        List<Integer> sequence = new ArrayList<>();
        Arrays.stream(input.promptTokens()).forEach(sequence::add);
        int[] generated = new int[input.settings().maxNewTokens()];
        int pad = model.tokenizer().id(SpecialToken.PAD);
        int endOfText = model.tokenizer().id(SpecialToken.END_OF_TEXT);
        try (GradMode off = GradMode.disabled()) {
            for (int i = 0; i < generated.length; i++) {
                try (NDManager manager = model.manager().newSubManager()) {
                    long[] ids = sequence.stream().mapToLong(Integer::longValue).toArray();
                    NDArray logits = model.logits(manager.create(ids, new Shape(1, ids.length)))
                            .get(new NDIndex(0, ids.length - 1)).get(new NDIndex("0:{}", model.tokenizer().vocabSize()));
                    logits.set(new NDIndex(pad), -1e9f);
                    generated[i] = (int) logits.argMax().getLong();
                    sequence.add(generated[i]);
                    if (generated[i] == endOfText) {
                        return new GenerationResult(0, model.tokenizer().decode(Arrays.copyOf(generated, i)),
                                input.promptTokens().length, i + 1, StopReason.END_OF_TEXT);
                    }
                }
            }
        }
        return new GenerationResult(0, model.tokenizer().decode(generated), input.promptTokens().length,
                generated.length, StopReason.LENGTH);
    }
}
