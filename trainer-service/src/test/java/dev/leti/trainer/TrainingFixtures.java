package dev.leti.trainer;

import dev.leti.contracts.FeedbackMode;
import dev.leti.contracts.artifact.ArtifactRef;
import dev.leti.contracts.execution.Outcome;
import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.training.LearningRateSchedule;
import dev.leti.contracts.training.TrainingExample;
import dev.leti.contracts.training.TrainingRequest;
import dev.leti.contracts.training.TrainingSettings;
import dev.leti.spring.artifact.ArtifactStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Real inputs for trainer tests: the shipped tiny model, a LeTI dataset, a plain-code corpus. */
public final class TrainingFixtures {

    private TrainingFixtures() {
    }

    /** The shipped tiny model: the base of every test job. */
    public static final ArtifactRef BASE = new ArtifactRef("builtin:leti-tiny", null);

    /** {@code count} samples of MBPP-style problems, every other one failing with a traceback. */
    public static List<TrainingExample> examples(int count) {
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String function = "add_" + i;
            String prompt = "\"\"\"\nWrite a function to add " + i + " to a number.\nassert " + function + "(1) == "
                    + (1 + i) + "\n\"\"\"\n";
            boolean passed = i % 2 == 0;
            String program = "def " + function + "(n):\n    return n " + (passed ? "+ " : "- ") + i + "\n";
            String feedback = passed ? "" : "Traceback (most recent call last):\n  File \"program.py\", line 3, in <module>\n"
                    + "    assert " + function + "(1) == " + (1 + i) + "\nAssertionError\n";
            examples.add(new TrainingExample(UUID.nameUUIDFromBytes(program.getBytes()), "p" + i, prompt, program,
                    passed ? Outcome.PASSED : Outcome.FAILED, feedback));
        }
        return examples;
    }

    public static ArtifactRef dataset(ArtifactStore store, String path, List<TrainingExample> examples) {
        String lines = examples.stream().map(example -> LetiJson.mapper().writeValueAsString(example))
                .collect(Collectors.joining("\n", "", "\n"));
        return store.write(path, target -> Files.writeString(target, lines));
    }

    public static ArtifactRef corpus(ArtifactStore store, String path) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            String document = "def square_" + i + "(x):\n    return x * x + " + i + "\n\nprint(square_" + i + "(3))\n";
            lines.append(LetiJson.mapper().writeValueAsString(java.util.Map.of("text", document))).append('\n');
        }
        return store.write(path, target -> Files.writeString(target, lines));
    }

    /** Batches of 4 in 2 micro-batches, sequences of at most 128 tokens (failures' feedback gets trimmed). */
    public static TrainingSettings settings(int epochs) {
        return settings(epochs, null);
    }

    /** {@link #settings(int)} with regularisation text from {@code corpusUri} (null: the built-in slice). */
    public static TrainingSettings settings(int epochs, String corpusUri) {
        return new TrainingSettings(epochs, 4, 2, 1e-3, 0.01, LearningRateSchedule.CONSTANT, 2, 1.0, 128, true, 1, corpusUri,
                7L, null, null, null, null);
    }

    public static TrainingRequest request(UUID runId, ArtifactRef base, ArtifactRef dataset, String corpusUri, int epochs) {
        return new TrainingRequest(UUID.randomUUID(), runId, 1, base, dataset, FeedbackMode.TEXTUAL,
                settings(epochs, corpusUri));
    }
}
