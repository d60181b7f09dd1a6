package dev.leti.spring.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.contracts.artifact.ArtifactPaths;
import dev.leti.contracts.artifact.ArtifactRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryArtifactStoreTest {

    @TempDir
    Path root;

    DirectoryArtifactStore store;

    @BeforeEach
    void createStore() {
        store = new DirectoryArtifactStore(root);
    }

    @Test
    void aFileComesBackVerifiedUnderItsUriWithItsSha256() throws Exception {
        ArtifactRef ref = store.write("datasets/run-1/iteration-1.jsonl",
                target -> Files.writeString(target, "{\"a\":1}\n"));

        assertThat(ref.uri()).isEqualTo("artifact:datasets/run-1/iteration-1.jsonl");
        assertThat(ref.sha256()).isEqualTo(sha256("{\"a\":1}\n"));
        Path path = store.get(ref);
        assertThat(Files.readString(path)).isEqualTo("{\"a\":1}\n");
        assertThat(store.get(ref.uri())).isEqualTo(path);
        assertThat(store.describe(ref.uri())).isEqualTo(ref);
        assertThat(store.exists(ref.uri())).isTrue();
    }

    @Test
    void aDirectoryIsStoredWithAManifestInSha256sumFormat() throws Exception {
        ArtifactRef ref = store.write("checkpoints/run-1/iteration-1", this::writeCheckpoint);

        Path checkpoint = store.get(ref);
        assertThat(checkpoint.resolve("config.json")).hasContent("{\"d\":8}");
        assertThat(checkpoint.resolve("tokenizer/vocab.txt")).hasContent("abc");
        String manifest = Files.readString(root.resolve("checkpoints/run-1/iteration-1.sha256"));
        assertThat(manifest).isEqualTo(sha256("{\"d\":8}") + "  config.json\n"
                + sha256("weights") + "  model.safetensors\n"
                + sha256("abc") + "  tokenizer/vocab.txt\n");
        assertThat(ref.sha256()).isEqualTo(sha256(manifest));
    }

    @Test
    void theChecksumOfADirectoryDoesNotDependOnWhereItIsStored() {
        ArtifactRef first = store.write("checkpoints/a", this::writeCheckpoint);
        ArtifactRef second = store.write("elsewhere/b", this::writeCheckpoint);

        assertThat(second.sha256()).isEqualTo(first.sha256());
    }

    @Test
    void putCopiesAFileOrADirectory(@TempDir Path source) throws IOException {
        writeCheckpoint(source.resolve("ckpt"));
        Files.writeString(source.resolve("data.jsonl"), "line\n");

        ArtifactRef directory = store.put("checkpoints/copy", source.resolve("ckpt"));
        ArtifactRef file = store.put("datasets/copy.jsonl", source.resolve("data.jsonl"));

        assertThat(store.get(directory).resolve("tokenizer/vocab.txt")).hasContent("abc");
        assertThat(store.get(file)).hasContent("line\n");
        assertThat(source.resolve("data.jsonl")).exists();
    }

    @Test
    void artifactsAreImmutable() {
        store.write("datasets/once.jsonl", target -> Files.writeString(target, "first"));

        assertThatThrownBy(() -> store.write("datasets/once.jsonl", target -> Files.writeString(target, "second")))
                .isInstanceOf(ArtifactExistsException.class)
                .hasMessageContaining("artifact:datasets/once.jsonl");
        assertThat(store.get("artifact:datasets/once.jsonl")).hasContent("first");
    }

    @Test
    void aDirectoryArtifactCannotBeWrittenTwiceEither() {
        store.write("checkpoints/once", this::writeCheckpoint);

        assertThatThrownBy(() -> store.write("checkpoints/once", this::writeCheckpoint))
                .isInstanceOf(ArtifactExistsException.class);
    }

    @Test
    void nothingCanBeWrittenInsideAnArtifact() {
        store.write("checkpoints/outer", this::writeCheckpoint);

        assertThatThrownBy(() -> store.write("checkpoints/outer/inner.json", target -> Files.writeString(target, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside the artifact artifact:checkpoints/outer");
    }

    @Test
    void aMissingArtifactIsAClearError() {
        assertThatThrownBy(() -> store.get("artifact:checkpoints/nope"))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessage("artifact:checkpoints/nope: no such artifact");
        assertThat(store.exists("artifact:checkpoints/nope")).isFalse();
    }

    @Test
    void aFileChangedAfterItsWriteIsReportedCorrupt() throws IOException {
        ArtifactRef ref = store.write("datasets/d.jsonl", target -> Files.writeString(target, "original"));
        Files.writeString(root.resolve("datasets/d.jsonl"), "tampered");

        assertThatThrownBy(() -> store.get(ref))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("checksum mismatch in d.jsonl");
    }

    @Test
    void aDirectoryWithAChangedMissingOrExtraFileIsReportedCorrupt() throws IOException {
        ArtifactRef ref = store.write("checkpoints/c", this::writeCheckpoint);
        Path checkpoint = root.resolve("checkpoints/c");
        Files.writeString(checkpoint.resolve("model.safetensors"), "truncated");
        Files.delete(checkpoint.resolve("config.json"));
        Files.writeString(checkpoint.resolve("stray.bin"), "?");

        assertThatThrownBy(() -> store.get(ref))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("missing config.json")
                .hasMessageContaining("checksum mismatch in model.safetensors")
                .hasMessageContaining("unexpected stray.bin");
    }

    @Test
    void aReferenceWithAnotherChecksumIsRefused() {
        ArtifactRef ref = store.write("datasets/d.jsonl", target -> Files.writeString(target, "content"));

        assertThatThrownBy(() -> store.get(new ArtifactRef(ref.uri(), sha256("other content"))))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("differs from the expected");
    }

    @Test
    void aWriterThatFailsLeavesNoArtifactAndNoStagingBehind() {
        assertThatThrownBy(() -> store.write("checkpoints/broken", target -> {
            Files.createDirectories(target);
            Files.writeString(target.resolve("config.json"), "{}");
            throw new IOException("disk full");
        })).isInstanceOf(ArtifactException.class).hasMessageContaining("disk full");

        assertThat(store.exists("artifact:checkpoints/broken")).isFalse();
        assertThat(root.resolve("checkpoints/broken")).doesNotExist();
        assertThat(root.resolve(".staging")).isEmptyDirectory();
    }

    @Test
    void contentLeftByAnInterruptedWriteIsInvisibleAndReplacedByTheNextWrite() throws IOException {
        // A writer that died after moving its content into place but before committing the manifest.
        Files.createDirectories(root.resolve("checkpoints/half"));
        Files.writeString(root.resolve("checkpoints/half/config.json"), "partial");

        assertThat(store.exists("artifact:checkpoints/half")).isFalse();
        assertThatThrownBy(() -> store.get("artifact:checkpoints/half")).isInstanceOf(ArtifactNotFoundException.class);

        ArtifactRef ref = store.write("checkpoints/half", this::writeCheckpoint);
        assertThat(store.get(ref).resolve("config.json")).hasContent("{\"d\":8}");
    }

    @Test
    void aFolderHoldingArtifactsIsNeverTakenForALeftover() {
        store.write("checkpoints/run/iteration-1", this::writeCheckpoint);

        assertThatThrownBy(() -> store.write("checkpoints/run", this::writeCheckpoint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holding other artifacts");
        assertThat(store.exists("artifact:checkpoints/run/iteration-1")).isTrue();
    }

    @Test
    void uriAndPathConvertBothWaysAndBadPathsAreRefused() {
        assertThat(ArtifactPaths.uriOf("checkpoints/r/iteration-2")).isEqualTo("artifact:checkpoints/r/iteration-2");
        assertThat(ArtifactPaths.relativePathOf("artifact:checkpoints/r/iteration-2")).isEqualTo("checkpoints/r/iteration-2");
        assertThat(ArtifactPaths.isArtifactUri("builtin:leti-tiny")).isFalse();
        assertThatThrownBy(() -> ArtifactPaths.relativePathOf("builtin:leti-tiny"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an artifact URI");
        for (String bad : new String[] {"", "/abs", "a/../b", "a//b", "./a", ".staging/x", "a/", "x.sha256", "a\\b"}) {
            assertThatThrownBy(() -> store.write(bad, target -> Files.writeString(target, "x")))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(root.resolve("b")).doesNotExist();
    }

    @Test
    void aStoreReopenedOnTheSameRootReadsWhatWasWritten() {
        ArtifactRef ref = store.write("checkpoints/kept", this::writeCheckpoint);

        assertThat(new DirectoryArtifactStore(root).get(ref)).isDirectory();
    }

    private void writeCheckpoint(Path target) throws IOException {
        Files.createDirectories(target.resolve("tokenizer"));
        Files.writeString(target.resolve("config.json"), "{\"d\":8}");
        Files.writeString(target.resolve("model.safetensors"), "weights");
        Files.writeString(target.resolve("tokenizer/vocab.txt"), "abc");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
