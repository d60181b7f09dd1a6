package dev.leti.model.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.leti.model.LanguageModel;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.model.checkpoint.SafeTensors;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.config.ModelJson;
import dev.leti.model.nn.GradMode;
import dev.leti.model.nn.LlamaBlock.NamedParameter;
import dev.leti.model.nn.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fine-tunes a {@link LanguageModel} in place: next-token cross-entropy over each batch's
 * target tokens, AdamW (decay on matrices only), warm-up then constant or cosine learning
 * rate, global-norm gradient clipping, gradient accumulation over micro-batches; optionally
 * LoRA adapters instead of the weights ({@link TrainingOptions#lora()}, merged by
 * {@link #mergeAdapters()}) and activation checkpointing.
 *
 * <p>Memory stays flat over any number of steps: every micro-batch's and every update's
 * intermediates live in a sub-manager closed at its end. A session can be saved with its
 * optimizer state and resumed by another process ({@link #resume}). One session per model
 * at a time; not thread-safe.
 */
public final class TrainingSession implements AutoCloseable {

    /** AdamW moments inside a resumable checkpoint. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** Step counter inside a resumable checkpoint. */
    public static final String STATE_FILE = "trainer_state.json";
    /** LoRA adapters inside a resumable checkpoint (PEFT's file name and tensor names). */
    public static final String ADAPTER_FILE = "adapter_model.safetensors";
    /** Seed of the adapters' initial A matrices: a job starts from the same adapters every time. */
    private static final long ADAPTER_SEED = 1L;

    private final LanguageModel model;
    private final TrainingOptions options;
    private final Map<String, NamedParameter> parameters;
    private final AdamW optimizer;
    private final LossScale lossScale;
    private long completedSteps;
    private boolean merged;

    private TrainingSession(LanguageModel model, TrainingOptions options) {
        this.model = model;
        this.options = options;
        LoraOptions lora = options.lora();
        this.parameters = lora == null ? model.block().namedParameters()
                : model.block().addAdapters(model.manager(), lora.rank(), lora.alpha(), lora.targets(), ADAPTER_SEED);
        parameters.values().forEach(named -> named.parameter().getArray().setRequiresGradient(true));
        this.optimizer = new AdamW(model.manager(), parameters);
        this.lossScale = new LossScale(model.options().precision());
    }

    /** A new session at step 0. */
    public static TrainingSession start(LanguageModel model, TrainingOptions options) {
        return new TrainingSession(model, options);
    }

    /**
     * Continues a session saved with {@link #save(Path, boolean)} and optimizer state; the model
     * must have been loaded from the same checkpoint directory.
     */
    public static TrainingSession resume(LanguageModel model, TrainingOptions options, Path checkpoint) throws IOException {
        TrainingSession session = new TrainingSession(model, options);
        try (NDManager loading = model.manager().newSubManager()) {
            if (options.lora() != null) {
                Map<String, NDArray> saved = SafeTensors.read(checkpoint.resolve(ADAPTER_FILE), loading);
                try (GradMode off = GradMode.disabled()) {
                    session.parameters.forEach((name, named) -> {
                        NDArray values = saved.get(name);
                        if (values == null) {
                            throw new IllegalArgumentException(checkpoint + "/" + ADAPTER_FILE + " lacks " + name);
                        }
                        named.parameter().getArray().muli(0).addi(values);
                    });
                }
            }
            session.optimizer.restore(SafeTensors.read(checkpoint.resolve(OPTIMIZER_FILE), loading), checkpoint.toString());
            JsonNode state = ModelJson.mapper().readTree(Files.readString(checkpoint.resolve(STATE_FILE)));
            session.completedSteps = state.path("step").asLong();
            session.lossScale.restore(state.path("loss_scale").asDouble(session.lossScale.value()));
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Optimizer steps done so far (including those before a resume). */
    public long completedSteps() {
        return completedSteps;
    }

    /** One optimizer step on one batch. */
    public StepResult step(TrainingBatch batch) {
        return step(List.of(batch));
    }

    /**
     * One optimizer step with gradients accumulated over micro-batches; the loss is the mean
     * over all their target tokens, as if they were one batch. In {@link dev.leti.model.Precision#FP16}
     * a step whose gradients overflow is skipped (its gradient norm is reported as infinite) and
     * the loss scale halves, as PyTorch's {@code GradScaler} does.
     */
    public StepResult step(List<TrainingBatch> microBatches) {
        long started = System.nanoTime();
        long targets = microBatches.stream().mapToLong(TrainingBatch::targetCount).sum();
        if (targets == 0) {
            throw new IllegalArgumentException("the step's batches have no target tokens");
        }
        double lossSum = 0;
        long inputs = 0;
        for (TrainingBatch batch : microBatches) {
            try (NDManager scratch = model.manager().newSubManager(); GradMode grad = GradMode.enabled()) {
                Shifted shifted = Shifted.of(batch, scratch);
                float scale = (float) (lossScale.value() / targets);
                if (options.gradientCheckpointing()) {
                    lossSum += model.block().backwardCheckpointed(shifted.inputs(), model.options().precision().dataType(),
                            shifted::lossSum, scale);
                } else {
                    NDArray loss = shifted.lossSum(model.logits(shifted.inputs()));
                    JniUtils.backward((PtNDArray) Tensors.scaled(loss, scale), (PtNDArray) scratch.ones(new Shape()), false, false);
                    lossSum += loss.getFloat();
                }
                inputs += (long) batch.rows() * (batch.length() - 1);
            }
        }
        double learningRate = options.learningRateAt(completedSteps);
        double norm = update(learningRate);
        completedSteps++;
        return new StepResult(completedSteps, lossSum / targets, targets, inputs, learningRate, norm,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Mean loss on a batch without changing anything (validation). */
    public double evaluate(TrainingBatch batch) {
        try (NDManager scratch = model.manager().newSubManager(); GradMode off = GradMode.disabled()) {
            Shifted shifted = Shifted.of(batch, scratch);
            return shifted.lossSum(model.logits(shifted.inputs())).getFloat() / batch.targetCount();
        }
    }

    /** A batch as model inputs (every token but the last) and the labels and weights of the next tokens. */
    private record Shifted(NDArray inputs, NDArray labels, NDArray weights) {

        static Shifted of(TrainingBatch batch, NDManager scratch) {
            int rows = batch.rows();
            int width = batch.length() - 1;
            long[] inputs = new long[rows * width];
            long[] labels = new long[rows * width];
            float[] weights = new float[rows * width];
            for (int row = 0; row < rows; row++) {
                for (int t = 0; t < width; t++) {
                    inputs[row * width + t] = batch.tokens()[row * batch.length() + t];
                    labels[row * width + t] = batch.tokens()[row * batch.length() + t + 1];
                    weights[row * width + t] = batch.weights()[row * batch.length() + t + 1];
                }
            }
            Shape shape = new Shape(rows, width);
            return new Shifted(scratch.create(inputs, shape), scratch.create(labels, new Shape(rows, width, 1)),
                    scratch.create(weights, shape));
        }

        /** Summed cross-entropy of the targets; the first token of each row is only context. */
        NDArray lossSum(NDArray logits) {
            NDArray picked = logits.logSoftmax(-1).gather(labels, -1).reshape(weights.getShape());
            return picked.mul(weights).sum().neg();
        }
    }

    /** Unscales and clips, updates every parameter, clears gradients; returns the norm before clipping. */
    private double update(double learningRate) {
        try (NDManager scratch = model.manager().newSubManager(); GradMode off = GradMode.disabled()) {
            List<NDArray> gradients = new ArrayList<>();
            NDArray squares = null;
            for (NamedParameter named : parameters.values()) {
                NDArray gradient = named.parameter().getArray().getGradient();
                gradient.attach(scratch);
                gradients.add(gradient);
                NDArray square;
                try (NDArray elementwise = gradient.square()) { // as large as the parameter: freed at once
                    square = elementwise.sum();
                }
                squares = squares == null ? square : squares.add(square);
            }
            double norm = Math.sqrt(squares.getFloat()) / lossScale.value();
            boolean finite = lossScale.accept(Double.isFinite(norm));
            double clip = options.maxGradNorm() > 0 && norm > options.maxGradNorm()
                    ? options.maxGradNorm() / (norm + 1e-6) : 1.0;
            double multiplier = clip / lossScale.valueOfStep();
            int i = 0;
            for (Map.Entry<String, NamedParameter> entry : parameters.entrySet()) {
                NDArray gradient = gradients.get(i++);
                if (finite) {
                    NDArray unscaled = multiplier != 1 ? gradient.mul(multiplier) : gradient;
                    optimizer.update(entry.getKey(), entry.getValue(), unscaled, learningRate, options, completedSteps + 1,
                            scratch);
                    if (unscaled != gradient) {
                        unscaled.close();
                    }
                }
                JniUtils.zeroGrad((PtNDArray) entry.getValue().parameter().getArray());
            }
            if (finite) {
                // The fused decoding weights are derived from the old values: sampling must rebuild them.
                model.block().parametersChanged();
            }
            return finite ? norm : Double.POSITIVE_INFINITY;
        }
    }

    /**
     * Publishes the model as a new checkpoint directory (atomically), with the optimizer state
     * and step counter when the job may need to resume from it.
     */
    public void save(Path directory, boolean withOptimizerState) throws IOException {
        Checkpoints.publish(directory, staging -> {
            // float32 whatever the checkpoint's storage type: a resumed session continues from the exact weights.
            model.writeTo(staging, Checkpoints.DEFAULT_MAX_SHARD_BYTES, ModelConfig.Storage.FLOAT32);
            if (options.lora() != null) {
                Map<String, NDArray> adapters = new java.util.LinkedHashMap<>();
                parameters.forEach((name, named) -> adapters.put(name, named.parameter().getArray()));
                SafeTensors.write(staging.resolve(ADAPTER_FILE), adapters, Map.of("format", "pt"));
            }
            if (withOptimizerState) {
                SafeTensors.write(staging.resolve(OPTIMIZER_FILE), optimizer.state(), Map.of("format", "pt"));
                ObjectNode state = ModelJson.mapper().createObjectNode();
                state.put("step", completedSteps);
                state.put("loss_scale", lossScale.value());
                Files.writeString(staging.resolve(STATE_FILE), ModelJson.mapper().writeValueAsString(state));
            }
        });
    }

    /**
     * Folds the LoRA adapters into the model's weights and removes them (nothing without LoRA):
     * call before publishing the model. The session takes no more steps afterwards.
     */
    public void mergeAdapters() {
        if (options.lora() != null) {
            try (GradMode off = GradMode.disabled()) {
                parameters.values().forEach(named -> named.parameter().getArray().setRequiresGradient(false));
                model.block().mergeAdapters();
            }
            merged = true;
        }
    }

    /** Frees the optimizer state; the model keeps its trained weights (and unmerged adapters). */
    @Override
    public void close() {
        optimizer.close();
        if (!merged) {
            parameters.values().forEach(named -> named.parameter().getArray().setRequiresGradient(false));
        }
    }
}
