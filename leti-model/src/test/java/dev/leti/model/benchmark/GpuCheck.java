package dev.leti.model.benchmark;

import dev.leti.model.HfFixtures;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.Precision;
import dev.leti.model.PythonTorch;
import dev.leti.model.sampling.Sampler;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.StepResult;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Java half of {@code scripts/gpu-check.sh}, for a machine with an NVIDIA GPU: the Qwen2- and
 * Llama-3-shaped fixtures on CUDA in float16 (DJL 0.36 has no bfloat16) against the same
 * checkpoint on the CPU in float32; KV-cached sampling throughput of the 54M-parameter Qwen2
 * benchmark model on CUDA; ten training steps on CUDA with the loss falling. Prints one line per
 * figure and exits non-zero when a check fails.
 *
 * <p>Arguments: WORK_DIR (the benchmark checkpoint is written to WORK_DIR/qwen2-50m for the
 * PyTorch side to read).
 */
public final class GpuCheck {

    /** float16 activations against float32: logits may differ by this fraction of their largest magnitude. */
    private static final double RELATIVE_TOLERANCE = 2e-2;

    private GpuCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        ModelOptions gpu = new ModelOptions("cuda", Precision.FP16);
        boolean ok = true;
        for (HfFixtures.Fixture fixture : List.of(HfFixtures.qwen2(work.resolve("qwen2")), HfFixtures.llama3(work.resolve("llama3")))) {
            ok &= parity(fixture, gpu);
            ok &= training(fixture, gpu);
        }
        Path benchmark = work.resolve("qwen2-50m");
        try (LanguageModel model = LanguageModel.random(ModelBenchmark.QWEN2_50M,
                dev.leti.model.tokenizer.Tokenizers.byteLevel(), ModelOptions.cpu(), 1)) {
            model.save(benchmark);
        }
        try (LanguageModel model = LanguageModel.load(benchmark.toString(), gpu)) {
            Sampler sampler = new Sampler(model);
            for (int round = 0; round < 3; round++) {
                ModelBenchmark.generate(sampler, 1, 32, 128);
            }
            for (int batch : new int[] {1, 16, 64}) {
                long started = System.nanoTime();
                int tokens = ModelBenchmark.generate(sampler, batch, 32, 128);
                System.out.printf("sampling qwen2-50m on CUDA fp16, batch %d: %.0f tokens/s (%d tokens)%n", batch,
                        tokens / ((System.nanoTime() - started) / 1e9), tokens);
            }
        }
        if (!ok) {
            System.exit(1);
        }
    }

    private static boolean parity(HfFixtures.Fixture fixture, ModelOptions gpu) throws Exception {
        float[] cpuLogits;
        int[] tokens;
        try (LanguageModel cpu = LanguageModel.load(fixture.directory().toString(), ModelOptions.cpu())) {
            tokens = cpu.tokenizer().encode("def add_3(numbers):\n    return sum(n for n in numbers)\n");
            cpuLogits = logits(cpu, tokens);
        }
        try (LanguageModel model = LanguageModel.load(fixture.directory().toString(), gpu)) {
            float[] gpuLogits = logits(model, tokens);
            double scale = 0;
            for (float value : cpuLogits) {
                scale = Math.max(scale, Math.abs(value));
            }
            double difference = PythonTorch.maxDifference(gpuLogits, cpuLogits);
            boolean ok = difference <= RELATIVE_TOLERANCE * scale;
            System.out.printf("parity %s, CUDA fp16 vs CPU fp32: max abs logit difference %.4g (largest logit %.3g) %s%n",
                    fixture.config().family(), difference, scale, ok ? "ok" : "FAILED");
            return ok;
        }
    }

    private static boolean training(HfFixtures.Fixture fixture, ModelOptions gpu) throws Exception {
        try (LanguageModel model = LanguageModel.load(fixture.directory().toString(), gpu)) {
            List<int[]> sequences = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sequences.add(model.tokenizer().encodeWithSpecialTokens(
                        "<|good|>def add_" + i + "(numbers):\n    return sum(numbers) * " + i + "\n<|endoftext|>"));
            }
            TrainingBatch batch = TrainingBatch.of(sequences, model.tokenizer().id(SpecialToken.PAD), 128);
            TrainingOptions options = new TrainingOptions(3e-3, 0.01, 0, 10,
                    LearningRateSchedule.CONSTANT, 1.0);
            double[] losses = new double[10];
            try (TrainingSession session = TrainingSession.start(model, options)) {
                for (int step = 0; step < losses.length; step++) {
                    StepResult result = session.step(batch);
                    losses[step] = result.loss();
                }
            }
            boolean ok = losses[losses.length - 1] < losses[0] * 0.8;
            System.out.printf("training %s on CUDA fp16, 10 steps: loss %s %s%n", fixture.config().family(),
                    Arrays.toString(Arrays.stream(losses).map(l -> Math.round(l * 1000) / 1000.0).toArray()), ok ? "ok" : "FAILED");
            return ok;
        }
    }

    private static float[] logits(LanguageModel model, int[] tokens) {
        return dev.leti.model.TestModels.logits(model, tokens, 1, tokens.length);
    }
}
