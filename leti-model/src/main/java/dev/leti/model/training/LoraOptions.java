package dev.leti.model.training;

import dev.leti.model.nn.LlamaBlock;
import java.util.Set;

/**
 * Low-rank adaptation (LoRA): train adapters {@code W + (alpha / rank) B A} on the targeted
 * projections instead of the model's own weights, which stay frozen; the adapters are merged into
 * the weights before the checkpoint is published ({@link TrainingSession#mergeAdapters()}).
 *
 * @param rank    rank of A (rank x inputs) and B (outputs x rank)
 * @param alpha   scale numerator: the adapter's output is multiplied by alpha / rank
 * @param targets projection kinds to adapt: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj
 */
public record LoraOptions(int rank, double alpha, Set<String> targets) {

    public LoraOptions {
        targets = Set.copyOf(targets);
        if (rank <= 0 || !(alpha > 0)) {
            throw new IllegalArgumentException("LoRA needs rank > 0 and alpha > 0: " + rank + ", " + alpha);
        }
        if (targets.isEmpty() || !LlamaBlock.ADAPTER_TARGETS.containsAll(targets)) {
            throw new IllegalArgumentException("LoRA targets must be among " + LlamaBlock.ADAPTER_TARGETS + ": " + targets);
        }
    }
}
