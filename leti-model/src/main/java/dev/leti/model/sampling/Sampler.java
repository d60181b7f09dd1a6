package dev.leti.model.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.LanguageModel;
import dev.leti.model.nn.AttentionMasks;
import dev.leti.model.nn.GradMode;
import dev.leti.model.nn.KvCache;
import dev.leti.model.sampling.StopReason;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Batched generation with a preallocated KV cache. Prompts are left-padded to a common length;
 * each row keeps its own rotary positions and a mask hides its padding, so a prompt yields the
 * same distribution whatever it is batched with. Each sequence stops on its own (end-of-text,
 * one of its stop sequences, its token budget); once a quarter of the rows have finished the
 * cache is compacted so finished rows stop costing compute.
 *
 * <p>Thread-safe: each call owns its cache; calls on one model may run concurrently.
 */
public final class Sampler {

    private static final double COMPACT_WHEN_ACTIVE_BELOW = 0.75;

    private final LanguageModel model;

    public Sampler(LanguageModel model) {
        this.model = model;
    }

    /** Generates every input as one batch; results in input order. */
    public List<GenerationResult> generate(List<GenerationInput> inputs) {
        return generate(inputs, result -> { });
    }

    /**
     * Generates every input as one batch, calling {@code onFinished} (on this thread) as soon as
     * each sequence ends, so callers can stream results; returns them all in input order.
     */
    public List<GenerationResult> generate(List<GenerationInput> inputs, Consumer<GenerationResult> onFinished) {
        GenerationResult[] results = new GenerationResult[inputs.size()];
        Consumer<GenerationResult> finish = result -> {
            results[result.index()] = result;
            onFinished.accept(result);
        };
        List<Sequence> rows = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Sequence sequence = new Sequence(i, inputs.get(i), model.config().maxPositions(), model.tokenizer());
            if (sequence.budget > 0) {
                rows.add(sequence);
            } else {
                finish.accept(sequence.finishNow(StopReason.LENGTH, ""));
            }
        }
        if (!rows.isEmpty()) {
            try (GradMode noGrad = GradMode.disabled(); NDManager generation = model.manager().newSubManager()) {
                decode(rows, generation, finish);
            }
        }
        return Arrays.asList(results);
    }

    private void decode(List<Sequence> rows, NDManager generation, Consumer<GenerationResult> finish) {
        int width = rows.stream().mapToInt(sequence -> sequence.input.promptLength()).max().orElseThrow();
        int capacity = width + rows.stream().mapToInt(sequence -> sequence.budget).max().orElseThrow();
        KvCache cache = model.newCache(generation, rows.size(), capacity);
        int[] padding = rows.stream().mapToInt(sequence -> width - sequence.input.promptLength()).toArray();
        NDArray paddingMask = AttentionMasks.leftPadding(generation, padding, capacity);
        float[] logits = prefill(rows, width, padding, cache, paddingMask);
        // Unpadded rows attend to every cached position: no mask at all, as at batch size 1.
        boolean padded = Arrays.stream(padding).anyMatch(p -> p > 0);
        int pad = model.tokenizer().id(SpecialToken.PAD);
        int stride = model.config().vocabSize();
        while (true) {
            for (int row = 0; row < rows.size(); row++) {
                Sequence sequence = rows.get(row);
                if (!sequence.finished()) {
                    int token = TokenSampler.sample(logits, row * stride, model.tokenizer().vocabSize(), pad,
                            sequence.input.settings(), sequence.random);
                    GenerationResult result = sequence.accept(token);
                    if (result != null) {
                        finish.accept(result);
                    }
                }
            }
            List<Sequence> current = rows;
            int[] active = IntStream.range(0, rows.size()).filter(row -> !current.get(row).finished()).toArray();
            if (active.length == 0) {
                return;
            }
            if (active.length < rows.size() * COMPACT_WHEN_ACTIVE_BELOW) {
                cache.keepRows(active);
                paddingMask = keepRows(paddingMask, active, generation);
                rows = Arrays.stream(active).mapToObj(current::get).toList();
                int[] previousPadding = padding;
                padding = Arrays.stream(active).map(row -> previousPadding[row]).toArray();
                padded = Arrays.stream(padding).anyMatch(p -> p > 0);
            }
            // Finished rows still in the batch are fed padding at position 0 until the next compaction.
            long[] next = rows.stream().mapToLong(sequence -> sequence.finished() ? pad : sequence.lastToken()).toArray();
            long[] positions = rows.stream()
                    .mapToLong(sequence -> sequence.finished() ? 0 : sequence.input.promptLength() + sequence.generated.size() - 1L)
                    .toArray();
            logits = step(next, positions, cache, padded ? paddingMask : null);
        }
    }

    private float[] prefill(List<Sequence> rows, int width, int[] padding, KvCache cache, NDArray paddingMask) {
        int pad = model.tokenizer().id(SpecialToken.PAD);
        long[] tokens = new long[rows.size() * width];
        long[] positions = new long[rows.size() * width];
        for (int row = 0; row < rows.size(); row++) {
            for (int j = 0; j < width; j++) {
                int offset = j - padding[row];
                tokens[row * width + j] = offset >= 0 ? rows.get(row).input.token(offset) : pad;
                positions[row * width + j] = Math.max(0, offset);
            }
        }
        try (NDManager step = model.manager().newSubManager()) {
            Shape shape = new Shape(rows.size(), width);
            NDArray mask = AttentionMasks.causal(step, width, 0)
                    .add(paddingMask.get(step, new NDIndex().addAllDim(3).addSliceDim(0, width)));
            return model.forward(step.create(tokens, shape), step.create(positions, shape), mask, cache, true)
                    .toFloatArray();
        }
    }

    /** One token per row; {@code paddingMask} is null when no row is padded. */
    private float[] step(long[] tokens, long[] positions, KvCache cache, NDArray paddingMask) {
        try (NDManager step = model.manager().newSubManager()) {
            Shape shape = new Shape(tokens.length, 1);
            NDArray mask = paddingMask == null ? null
                    : paddingMask.get(step, new NDIndex().addAllDim(3).addSliceDim(0, cache.length() + 1));
            return model.forward(step.create(tokens, shape), step.create(positions, shape), mask, cache, true)
                    .toFloatArray();
        }
    }

    private static NDArray keepRows(NDArray array, int[] rows, NDManager manager) {
        try (NDArray index = manager.create(Arrays.stream(rows).asLongStream().toArray())) {
            NDArray kept = array.get(manager, new NDIndex("{}", index));
            array.close();
            return kept;
        }
    }

    /** One sequence's progress. */
    private static final class Sequence {

        private final int index;
        private final GenerationInput input;
        private final Tokenizer tokenizer;
        private final SplittableRandom random;
        private final int budget;
        private final List<Integer> generated = new ArrayList<>();
        private final int longestStop;
        private final int[] stopIds;
        private int searchedUpTo;
        private boolean finished;

        Sequence(int index, GenerationInput input, int maxPositions, Tokenizer tokenizer) {
            this.index = index;
            this.input = input;
            this.tokenizer = tokenizer;
            this.stopIds = tokenizer.stopIds();
            this.random = new SplittableRandom(input.seed());
            this.budget = Math.min(input.settings().maxNewTokens(), maxPositions - input.promptLength());
            this.longestStop = input.settings().stopSequences().stream().mapToInt(String::length).max().orElse(0);
        }

        boolean finished() {
            return finished;
        }

        int lastToken() {
            return generated.get(generated.size() - 1);
        }

        /** Records a sampled token; returns the result if the sequence ends with it. */
        GenerationResult accept(int token) {
            generated.add(token);
            if (Arrays.stream(stopIds).anyMatch(stop -> stop == token)) {
                return finishNow(StopReason.END_OF_TEXT, decode(generated.size() - 1));
            }
            if (longestStop > 0) {
                String text = decode(generated.size());
                int from = Math.max(0, searchedUpTo - longestStop + 1);
                int stopAt = -1;
                for (String stop : input.settings().stopSequences()) {
                    int at = stop.isEmpty() ? -1 : text.indexOf(stop, from);
                    if (at >= 0 && (stopAt < 0 || at < stopAt)) {
                        stopAt = at;
                    }
                }
                if (stopAt >= 0) {
                    return finishNow(StopReason.STOP, text.substring(0, stopAt));
                }
                searchedUpTo = text.length();
            }
            if (generated.size() >= budget) {
                return finishNow(StopReason.LENGTH, decode(generated.size()));
            }
            return null;
        }

        GenerationResult finishNow(StopReason reason, String text) {
            finished = true;
            return new GenerationResult(index, text, input.promptLength(), generated.size(), reason);
        }

        private String decode(int count) {
            return tokenizer.decode(generated.subList(0, count).stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
