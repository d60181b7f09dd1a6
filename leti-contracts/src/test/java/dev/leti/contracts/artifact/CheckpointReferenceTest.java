package dev.leti.contracts.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointReferenceTest {

    @Test
    void parsesTheThreeForms() {
        assertThat(CheckpointReference.parse("builtin:leti-tiny"))
                .isEqualTo(new CheckpointReference.Builtin("leti-tiny"));
        assertThat(CheckpointReference.parse("artifact:checkpoints/run/iteration-1"))
                .isEqualTo(new CheckpointReference.Artifact("artifact:checkpoints/run/iteration-1"));
        CheckpointReference directory = CheckpointReference.parse("file:/models/qwen/../qwen2.5");
        assertThat(directory).isEqualTo(new CheckpointReference.Directory(Path.of("/models/qwen2.5")));
        assertThat(directory.uri()).isEqualTo("file:/models/qwen2.5");
    }

    @Test
    void refusesWhatNamesNoCheckpoint() {
        assertThatThrownBy(() -> CheckpointReference.parse("http://elsewhere")).hasMessageContaining("file:/");
        assertThatThrownBy(() -> CheckpointReference.parse("file:models/qwen")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> CheckpointReference.parse("builtin:../x")).hasMessageContaining("built-in");
        assertThatThrownBy(() -> CheckpointReference.parse("artifact:../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckpointReference.parse(" ")).hasMessageContaining("required");
    }

    @Test
    void aModelDirectoryNeedsConfigTokenizerAndWeights(@TempDir Path root) throws Exception {
        var directory = new CheckpointReference.Directory(root);
        assertThat(directory.problems()).hasSize(3);
        Files.writeString(root.resolve("config.json"), "{}");
        Files.writeString(root.resolve("tokenizer.json"), "{}");
        Files.writeString(root.resolve("model.safetensors.index.json"), "{}");
        assertThat(directory.problems()).isEmpty();
        assertThat(new CheckpointReference.Directory(root.resolve("absent")).problems())
                .containsExactly("no directory " + root.resolve("absent"));
    }
}
