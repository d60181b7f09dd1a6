package dev.leti.model.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.LanguageModel;
import dev.leti.model.tokenizer.SpecialToken;
import java.util.Random;

/**
 * Puts the {@code <|good|>} and {@code <|bad|>} embeddings apart before the first LeTI update.
 * A base model never saw either token, so both rows are whatever its initialisation left (in the
 * built-in model nearly the same vector, cosine 0.9986): the only signal LeTI has on its own
 * samples is the contrast between them, and it starts from zero. Here both rows become the
 * mean embedding plus and minus a random direction as long as a typical row's deviation from
 * that mean, so the two conditions are distinct inputs from the first step on.
 */
public final class RewardEmbeddings {

    static final String EMBEDDING = "model.embed_tokens.weight";

    private RewardEmbeddings() {
    }

    /** Rewrites the two rows in place; the same seed gives the same rows. */
    public static void separate(LanguageModel model, long seed) {
        NDArray embedding = model.weights().get(EMBEDDING);
        int good = model.tokenizer().id(SpecialToken.GOOD);
        int bad = model.tokenizer().id(SpecialToken.BAD);
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray rows = embedding.duplicate();
            rows.attach(scratch);
            NDArray mean = rows.mean(new int[] {0});
            double spread = rows.sub(mean).square().sum(new int[] {1}).sqrt().mean().getFloat();
            int size = (int) mean.getShape().get(0);
            float[] direction = new float[size];
            Random random = new Random(seed);
            double norm = 0;
            for (int i = 0; i < size; i++) {
                direction[i] = (float) random.nextGaussian();
                norm += direction[i] * direction[i];
            }
            NDArray offset = scratch.create(direction, new Shape(size)).mul(spread / Math.sqrt(norm));
            embedding.set(new NDIndex(good), mean.add(offset));
            embedding.set(new NDIndex(bad), mean.sub(offset));
        }
        model.block().parametersChanged();
    }
}
