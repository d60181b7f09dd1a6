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

/**
 * The {@link ArtifactStore} contract, which every backend passes: each subclass says how to open its
 * store and how to damage what it stored, the way a crash, a disk or an operator would.
 */
abstract class ArtifactStoreContractTest {

    ArtifactStore store;

    @BeforeEach
    void createStore() throws Exception {
        store = openStore();
    }

    /** A store on fresh, empty storage; called once per test. */
    abstract ArtifactStore openStore() throws Exception;

    /** A second store on the same storage as {@link #store}, as another process would open it. */
    abstract ArtifactStore reopen() throws Exception;

    /** The stored manifest of an artifact, as an operator would read it. */
    abstract String storedManifest(String relativePath) throws Exception;

    /** Replaces a stored file behind the store's back; {@code inside} is null for a file artifact. */
    abstract void overwrite(String relativePath, String inside, String content) throws Exception;

    /** Deletes a stored file of a directory artifact behind the store's back. */
    abstract void remove(String relativePath, String inside) throws Exception;

    /** Leaves what a writer of {@link #writeCheckpoint} that died just before its commit point leaves. */
    abstract void leaveInterruptedWrite(String relativePath) throws Exception;

    /** Fails when a write left staging files or content behind. */
    abstract void assertNothingLeftBehind() throws Exception;

    @Test
    void aFileComesBackVerifiedUnderItsUriWithItsSha256() throws Exception {
        ArtifactRef ref = store.write("datasets/run-1/iteration-1.jsonl",
                target -> Files.writeString(target, "{\"a\":1}\n"));

        assertThat(ref.uri()).isEqualTo("artifact:datasets/run-1/iteration-1.jsonl");
        assertThat(ref.sha256()).isEqualTo(sha256("{\"a\":1}\n"));
        Path path = store.get(ref);
        assertThat(Files.readString(path)).isEqualTo("{\"a\":1}\n");
        assertThat(path.getFileName()).hasToString("iteration-1.jsonl");
        assertThat(store.get(ref.uri())).isEqualTo(path);
        assertThat(store.describe(ref.uri())).isEqualTo(ref);
        assertThat(store.exists(ref.uri())).isTrue();
    }

    @Test
    void aDirectoryIsStoredWithAManifestInSha256sumFormat() throws Exception {
        ArtifactRef ref = store.write("checkpoints/run-1/iteration-1", ArtifactStoreContractTest::writeCheckpoint);

        Path checkpoint = store.get(ref);
        assertThat(checkpoint.resolve("config.json")).hasContent("{\"d\":8}");
        assertThat(checkpoint.resolve("tokenizer/vocab.txt")).hasContent("abc");
        String manifest = storedManifest("checkpoints/run-1/iteration-1");
        assertThat(manifest).isEqualTo(sha256("{\"d\":8}") + "  config.json\n"
                + sha256("weights") + "  model.safetensors\n"
                + sha256("abc") + "  tokenizer/vocab.txt\n");
        assertThat(ref.sha256()).isEqualTo(sha256(manifest));
    }

    @Test
    void theChecksumOfADirectoryDoesNotDependOnWhereItIsStored() {
        ArtifactRef first = store.write("checkpoints/a", ArtifactStoreContractTest::writeCheckpoint);
        ArtifactRef second = store.write("elsewhere/b", ArtifactStoreContractTest::writeCheckpoint);

        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(store.get(second).resolve("model.safetensors")).hasContent("weights");
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
        store.write("checkpoints/once", ArtifactStoreContractTest::writeCheckpoint);

        assertThatThrownBy(() -> store.write("checkpoints/once", ArtifactStoreContractTest::writeCheckpoint))
                .isInstanceOf(ArtifactExistsException.class);
    }

    @Test
    void nothingCanBeWrittenInsideAnArtifact() {
        store.write("checkpoints/outer", ArtifactStoreContractTest::writeCheckpoint);

        assertThatThrownBy(() -> store.write("checkpoints/outer/inner.json", target -> Files.writeString(target, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside the artifact artifact:checkpoints/outer");
    }

    @Test
    void aFolderHoldingArtifactsIsNeverTakenForALeftover() {
        store.write("checkpoints/run/iteration-1", ArtifactStoreContractTest::writeCheckpoint);

        assertThatThrownBy(() -> store.write("checkpoints/run", ArtifactStoreContractTest::writeCheckpoint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holding other artifacts");
        assertThat(store.exists("artifact:checkpoints/run/iteration-1")).isTrue();
    }

    @Test
    void aMissingArtifactIsAClearError() {
        assertThatThrownBy(() -> store.get("artifact:checkpoints/nope"))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessage("artifact:checkpoints/nope: no such artifact");
        assertThatThrownBy(() -> store.describe("artifact:checkpoints/nope"))
                .isInstanceOf(ArtifactNotFoundException.class);
        assertThat(store.exists("artifact:checkpoints/nope")).isFalse();
    }

    @Test
    void aFileChangedAfterItsWriteIsReportedCorrupt() throws Exception {
        ArtifactRef ref = store.write("datasets/d.jsonl", target -> Files.writeString(target, "original"));
        overwrite("datasets/d.jsonl", null, "tampered");

        assertThatThrownBy(() -> store.get(ref))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("checksum mismatch in d.jsonl");
    }

    @Test
    void aDirectoryWithAChangedOrMissingFileIsReportedCorrupt() throws Exception {
        ArtifactRef ref = store.write("checkpoints/c", ArtifactStoreContractTest::writeCheckpoint);
        overwrite("checkpoints/c", "model.safetensors", "truncated");
        remove("checkpoints/c", "config.json");

        assertThatThrownBy(() -> store.get(ref))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("missing config.json")
                .hasMessageContaining("checksum mismatch in model.safetensors");
    }

    @Test
    void aReferenceWithAnotherChecksumIsRefused() throws Exception {
        ArtifactRef ref = store.write("datasets/d.jsonl", target -> Files.writeString(target, "content"));

        assertThatThrownBy(() -> store.get(new ArtifactRef(ref.uri(), sha256("other content"))))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("differs from the expected");
    }

    @Test
    void aWriterThatFailsLeavesNoArtifactAndNothingBehind() throws Exception {
        assertThatThrownBy(() -> store.write("checkpoints/broken", target -> {
            Files.createDirectories(target);
            Files.writeString(target.resolve("config.json"), "{}");
            throw new IOException("disk full");
        })).isInstanceOf(ArtifactException.class).hasMessageContaining("disk full");

        assertThat(store.exists("artifact:checkpoints/broken")).isFalse();
        assertNothingLeftBehind();
    }

    @Test
    void aWriteInterruptedBeforeItsManifestIsInvisibleAndReplacedByTheNextWrite() throws Exception {
        leaveInterruptedWrite("checkpoints/half");

        assertThat(store.exists("artifact:checkpoints/half")).isFalse();
        assertThatThrownBy(() -> store.get("artifact:checkpoints/half")).isInstanceOf(ArtifactNotFoundException.class);

        ArtifactRef ref = store.write("checkpoints/half", ArtifactStoreContractTest::writeCheckpoint);
        assertThat(store.get(ref).resolve("config.json")).hasContent("{\"d\":8}");
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
        assertThat(store.exists("artifact:b")).isFalse();
    }

    @Test
    void aStoreReopenedOnTheSameStorageReadsWhatWasWritten() throws Exception {
        ArtifactRef ref = store.write("checkpoints/kept", ArtifactStoreContractTest::writeCheckpoint);

        assertThat(reopen().get(ref).resolve("model.safetensors")).hasContent("weights");
    }

    static void writeCheckpoint(Path target) throws IOException {
        Files.createDirectories(target.resolve("tokenizer"));
        Files.writeString(target.resolve("config.json"), "{\"d\":8}");
        Files.writeString(target.resolve("model.safetensors"), "weights");
        Files.writeString(target.resolve("tokenizer/vocab.txt"), "abc");
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
