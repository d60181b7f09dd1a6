package dev.leti.spring.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.contracts.artifact.ArtifactRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryArtifactStoreTest extends ArtifactStoreContractTest {

    @TempDir
    Path root;

    @Override
    ArtifactStore openStore() {
        return new DirectoryArtifactStore(root);
    }

    @Override
    ArtifactStore reopen() {
        return new DirectoryArtifactStore(root);
    }

    @Override
    String storedManifest(String relativePath) throws IOException {
        return Files.readString(root.resolve(relativePath + ".sha256"));
    }

    @Override
    void overwrite(String relativePath, String inside, String content) throws IOException {
        Path artifact = root.resolve(relativePath);
        Files.writeString(inside == null ? artifact : artifact.resolve(inside), content);
    }

    @Override
    void remove(String relativePath, String inside) throws IOException {
        Files.delete(root.resolve(relativePath).resolve(inside));
    }

    @Override
    void leaveInterruptedWrite(String relativePath) throws IOException {
        // Moved into place, but the manifest was never created.
        writeCheckpoint(root.resolve(relativePath));
    }

    @Override
    void assertNothingLeftBehind() {
        assertThat(root.resolve("checkpoints/broken")).doesNotExist();
        assertThat(root.resolve(".staging")).isEmptyDirectory();
    }

    @Test
    void anExtraFileInADirectoryIsReportedCorrupt() throws IOException {
        ArtifactRef ref = store.write("checkpoints/c", ArtifactStoreContractTest::writeCheckpoint);
        Files.writeString(root.resolve("checkpoints/c/stray.bin"), "?");

        assertThatThrownBy(() -> store.get(ref))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("unexpected stray.bin");
    }

    @Test
    void getHandsBackTheStoredPathItself() {
        ArtifactRef ref = store.write("checkpoints/here", ArtifactStoreContractTest::writeCheckpoint);

        assertThat(store.get(ref)).isEqualTo(root.resolve("checkpoints/here"));
    }
}
