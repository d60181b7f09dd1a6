package dev.leti.model.benchmark;

import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.config.ModelJson;
import dev.leti.model.sampling.GenerationInput;
import dev.leti.model.sampling.GenerationResult;
import dev.leti.model.sampling.Sampler;
import dev.leti.model.sampling.SamplingOptions;
import dev.leti.model.tokenizer.Tokenizers;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.ProcessMemory;
import dev.leti.model.training.StepResult;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The Java side of the leti-model benchmark (run by {@code src/test/bench/run-benchmark.sh}
 * next to {@code llama_benchmark.py}). With {@code -Dleti.bench.phase=write} it writes a random
 * checkpoint of the model named by {@code -Dleti.bench.model} ({@code tiny}: the built-in
 * leti-tiny architecture, float32; {@code qwen2-50m}: a Qwen2-shaped model of 54M parameters,
 * stored as bf16) and exits; then, in a new process, it loads that checkpoint (time and peak RSS
 * of loading), measures KV-cached greedy generation at several batch sizes and AdamW training
 * steps, and writes one JSON object to RESULT_FILE.
 *
 * <p>Arguments: CHECKPOINT_DIR RESULT_FILE TRAIN_BATCH TRAIN_LENGTH TRAIN_STEPS PROMPT_LENGTH NEW_TOKENS BATCHES
 */
public final class ModelBenchmark {

    /** The built-in leti-tiny architecture. */
    static final ModelConfig TINY = new ModelConfig(262, 128, 4, 4, 4, 352, 512, 10_000.0, 1e-5, true);
    /** Qwen2's layout (q/k/v biases, 10 query heads over 2 key/value heads, tied) at 54M parameters, bf16 storage. */
    static final ModelConfig QWEN2_50M = new ModelConfig(32_000, 640, 8, 10, 2, 1728, 512, 1_000_000.0, 1e-6, true,
            ModelConfig.Family.QWEN2, false, null, ModelConfig.Storage.BFLOAT16);
    private static final int WARM_UP_STEPS = 2;
    /** Sampling: untimed batch-1 runs first, then the median of timed runs per batch size (as llama_benchmark.py). */
    private static final int SAMPLING_WARM_UP_ROUNDS = 10;
    private static final int SAMPLING_TIMED_ROUNDS = 5;

    private ModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path resultFile = Path.of(args[1]);
        int trainBatch = Integer.parseInt(args[2]);
        int trainLength = Integer.parseInt(args[3]);
        int trainSteps = Integer.parseInt(args[4]);
        int promptLength = Integer.parseInt(args[5]);
        int newTokens = Integer.parseInt(args[6]);
        List<Integer> batches = java.util.Arrays.stream(args[7].split(",")).map(Integer::valueOf).toList();
        ModelConfig config = switch (System.getProperty("leti.bench.model", "tiny")) {
            case "tiny" -> TINY;
            case "qwen2-50m" -> QWEN2_50M;
            default -> throw new IllegalArgumentException("leti.bench.model must be tiny or qwen2-50m");
        };
        if (System.getProperty("leti.bench.phase", "run").equals("write")) {
            try (LanguageModel model = LanguageModel.random(config, Tokenizers.byteLevel(), ModelOptions.cpu(), 1)) {
                model.save(checkpoint);
            }
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", "DJL 0.36.0 / PyTorch 2.7.1 (Java)");
        result.put("parameters", config.parameterCount());
        long loadStarted = System.nanoTime();
        try (LanguageModel model = LanguageModel.load(checkpoint.toString(), ModelOptions.cpu())) {
            result.put("load_seconds", (System.nanoTime() - loadStarted) / 1e9);
            result.put("peak_rss_after_load_mib", ProcessMemory.peakResidentBytes() / (1024.0 * 1024.0));
            Sampler sampler = new Sampler(model);
            for (int round = 0; round < SAMPLING_WARM_UP_ROUNDS; round++) {
                generate(sampler, 1, promptLength, newTokens); // warm-up: let the JIT compile the decoding path
            }
            for (int batch : batches) {
                double[] rates = new double[SAMPLING_TIMED_ROUNDS];
                int tokens = 0;
                for (int round = 0; round < rates.length; round++) {
                    long started = System.nanoTime();
                    tokens = generate(sampler, batch, promptLength, newTokens);
                    rates[round] = tokens / ((System.nanoTime() - started) / 1e9);
                }
                java.util.Arrays.sort(rates);
                result.put("sampling_batch_" + batch, rates[rates.length / 2]);
                result.put("sampled_tokens_batch_" + batch, tokens);
            }
            result.put("peak_rss_sampling_mib", ProcessMemory.peakResidentBytes() / (1024.0 * 1024.0));
            result.put("training_tokens_per_second", train(model, trainBatch, trainLength, trainSteps));
        }
        result.put("peak_rss_mib", ProcessMemory.peakResidentBytes() / (1024.0 * 1024.0));
        java.nio.file.Files.writeString(resultFile, ModelJson.mapper().writeValueAsString(result));
    }

    /** The benchmark's prompts, defined identically in llama_benchmark.py. */
    static int[] prompt(int row, int length) {
        return IntStream.range(0, length).map(j -> 32 + (row * 7 + j * 13) % 95).toArray();
    }

    static int generate(Sampler sampler, int batch, int promptLength, int newTokens) {
        SamplingOptions greedy = new SamplingOptions(0, 1, 0, newTokens, List.of());
        List<GenerationInput> inputs = IntStream.range(0, batch)
                .mapToObj(row -> new GenerationInput(prompt(row, promptLength), greedy, row)).toList();
        return sampler.generate(inputs).stream().mapToInt(GenerationResult::completionTokens).sum();
    }

    private static double train(LanguageModel model, int batch, int length, int steps) {
        TrainingOptions options = new TrainingOptions(1e-3, 0.01, 0, WARM_UP_STEPS + steps,
                LearningRateSchedule.CONSTANT, 1.0);
        SplittableRandom random = new SplittableRandom(0);
        double seconds = 0;
        long tokens = 0;
        try (TrainingSession session = TrainingSession.start(model, options)) {
            for (int step = 0; step < WARM_UP_STEPS + steps; step++) {
                List<int[]> sequences = new ArrayList<>();
                for (int row = 0; row < batch; row++) {
                    sequences.add(random.ints(length, 0, 256).toArray());
                }
                StepResult result = session.step(TrainingBatch.of(sequences, 261, length));
                if (step >= WARM_UP_STEPS) {
                    seconds += result.elapsed().toNanos() / 1e9;
                    tokens += result.targetTokens();
                }
            }
        }
        return tokens / seconds;
    }
}
