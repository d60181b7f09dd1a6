package dev.leti.spring.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.contracts.artifact.ArtifactRef;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The contract against a real S3 API server (s3proxy on a local directory), plus what only an object store has. */
class S3ArtifactStoreTest extends ArtifactStoreContractTest {

    private static final String PREFIX = "team/leti/";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path objects;

    static S3Proxy server;
    static URI endpoint;
    static S3Client s3;

    @TempDir
    Path local;

    String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(objects.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access", "test-secret")
                .build();
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        s3 = client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
        server.stop();
    }

    static S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access", "test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    ArtifactStore openStore() {
        bucket = "artifacts-" + BUCKETS.incrementAndGet();
        s3.createBucket(create -> create.bucket(bucket));
        return new S3ArtifactStore(s3, bucket, PREFIX, local.resolve("cache"));
    }

    @Override
    ArtifactStore reopen() {
        return new S3ArtifactStore(s3, bucket, PREFIX, local.resolve("another-cache"));
    }

    @Override
    String storedManifest(String relativePath) {
        return s3.getObjectAsBytes(get -> get.bucket(bucket).key(PREFIX + relativePath + ".sha256")).asUtf8String();
    }

    @Override
    void overwrite(String relativePath, String inside, String content) {
        String blob = blobKeyOf(relativePath, inside);
        s3.putObject(put -> put.bucket(bucket).key(blob), RequestBody.fromString(content));
    }

    @Override
    void remove(String relativePath, String inside) {
        String blob = blobKeyOf(relativePath, inside);
        s3.deleteObject(delete -> delete.bucket(bucket).key(blob));
    }

    @Override
    void leaveInterruptedWrite(String relativePath) {
        S3Client dropsAtTheCommit = onManifestPut(s3, send -> {
            throw SdkClientException.create("connection reset");
        });
        S3ArtifactStore dying = new S3ArtifactStore(dropsAtTheCommit, bucket, PREFIX, local.resolve("dying"));

        assertThatThrownBy(() -> dying.write(relativePath, ArtifactStoreContractTest::writeCheckpoint))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("connection reset");
        // The content did reach the bucket: only the manifest is missing.
        assertThat(keys()).hasSize(3).allMatch(key -> key.startsWith(PREFIX + ".blobs/"));
    }

    @Override
    void assertNothingLeftBehind() {
        assertThat(keys()).isEmpty();
        assertThat(local.resolve("cache/.staging")).isEmptyDirectory();
    }

    @Test
    void filesAreBlobsNamedByTheirSha256AndTheManifestIsTheOnlyObjectAtTheArtifactsPath() throws Exception {
        store.write("checkpoints/run-1/iteration-1", ArtifactStoreContractTest::writeCheckpoint);

        assertThat(keys()).containsExactlyInAnyOrder(
                PREFIX + ".blobs/" + sha256("{\"d\":8}"),
                PREFIX + ".blobs/" + sha256("weights"),
                PREFIX + ".blobs/" + sha256("abc"),
                PREFIX + "checkpoints/run-1/iteration-1.sha256");
        assertThat(s3.headObject(head -> head.bucket(bucket).key(PREFIX + "checkpoints/run-1/iteration-1.sha256"))
                .metadata()).containsEntry(S3ArtifactStore.KIND, "directory");
        String weights = PREFIX + ".blobs/" + sha256("weights");
        assertThat(s3.getObjectAsBytes(get -> get.bucket(bucket).key(weights)).asUtf8String()).isEqualTo("weights");
        // The server checked each upload against its SHA-256 and keeps it, which the write reads back.
        assertThat(s3.headObject(head -> head.bucket(bucket).key(weights).checksumMode(ChecksumMode.ENABLED))
                .checksumSHA256()).isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256("weights"))));
    }

    @Test
    void aVerifiedCopyIsServedFromTheCacheWithoutAnotherDownload() throws Exception {
        ArtifactRef ref = store.write("checkpoints/cached", ArtifactStoreContractTest::writeCheckpoint);
        Path copy = store.get(ref);
        assertThat(copy).startsWith(local.resolve("cache").resolve(ref.sha256()));
        for (String key : keys()) {
            if (key.contains("/.blobs/")) {
                s3.deleteObject(delete -> delete.bucket(bucket).key(key));
            }
        }

        assertThat(store.get(ref)).isEqualTo(copy);
        assertThat(copy.resolve("model.safetensors")).hasContent("weights");
        // Without the cache the loss is plain.
        assertThatThrownBy(() -> reopen().get(ref))
                .isInstanceOf(CorruptArtifactException.class).hasMessageContaining("missing model.safetensors");
    }

    @Test
    void aCachedCopyThatLostAFileIsDownloadedAgain() throws Exception {
        ArtifactRef ref = store.write("checkpoints/damaged", ArtifactStoreContractTest::writeCheckpoint);
        Path copy = store.get(ref);
        Files.delete(copy.resolve("tokenizer/vocab.txt"));

        assertThat(store.get(ref).resolve("tokenizer/vocab.txt")).hasContent("abc");
    }

    @Test
    void aManifestPutWhoseAnswerWasLostAndThatTheSdkRetriedIsOurOwnSuccess() {
        // The first put lands but its answer is lost; the retry finds the manifest there (412).
        S3Client answerLost = onManifestPut(s3, send -> {
            send.call();
            return send.call();
        });
        S3ArtifactStore retrying = new S3ArtifactStore(answerLost, bucket, PREFIX, local.resolve("retrying"));

        ArtifactRef ref = retrying.write("datasets/retried.jsonl", target -> Files.writeString(target, "once"));

        assertThat(store.get(ref)).hasContent("once");
        assertThatThrownBy(() -> retrying.write("datasets/retried.jsonl", target -> Files.writeString(target, "twice")))
                .isInstanceOf(ArtifactExistsException.class);
    }

    @Test
    void ofTwoWritersRacingForOneUriExactlyOneWinsAndItsContentIsIntact() throws Exception {
        CyclicBarrier bothStaged = new CyclicBarrier(2);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<ArtifactRef>> results = new ArrayList<>();
            for (String content : new String[] {"first", "second"}) {
                S3ArtifactStore writer = new S3ArtifactStore(s3, bucket, PREFIX, local.resolve("writer-" + content));
                results.add(writers.submit(() -> writer.write("datasets/raced.jsonl", target -> {
                    Files.writeString(target, content);
                    await(bothStaged);
                })));
            }
            List<ArtifactRef> won = new ArrayList<>();
            List<Throwable> lost = new ArrayList<>();
            for (Future<ArtifactRef> result : results) {
                try {
                    won.add(result.get(30, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    lost.add(e.getCause());
                }
            }

            assertThat(won).hasSize(1);
            assertThat(lost).singleElement().isInstanceOf(ArtifactExistsException.class);
            assertThat(reopen().get(won.get(0))).hasContent(
                    won.get(0).sha256().equals(sha256("first")) ? "first" : "second");
        } finally {
            writers.shutdownNow();
        }
    }

    private String blobKeyOf(String relativePath, String inside) {
        String file = inside != null ? inside : relativePath.substring(relativePath.lastIndexOf('/') + 1);
        String line = storedManifest(relativePath).lines().filter(each -> each.endsWith("  " + file)).findFirst().orElseThrow();
        return PREFIX + ".blobs/" + line.substring(0, 64);
    }

    private List<String> keys() {
        return s3.listObjectsV2Paginator(list -> list.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a test client does with a manifest put, given the real one. */
    @FunctionalInterface
    private interface ManifestPut {
        Object apply(Callable<Object> send) throws Exception;
    }

    /** A client that passes every request on except manifest puts, which {@code manifestPut} handles. */
    @SuppressWarnings("unchecked")
    private static S3Client onManifestPut(S3Client real, ManifestPut manifestPut) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    Callable<Object> send = () -> {
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw (Exception) e.getCause();
                        }
                    };
                    if (method.getName().equals("putObject") && args[0] instanceof Consumer<?> request) {
                        PutObjectRequest.Builder put = PutObjectRequest.builder();
                        ((Consumer<PutObjectRequest.Builder>) request).accept(put);
                        if (put.build().key().endsWith(".sha256")) {
                            return manifestPut.apply(send);
                        }
                    }
                    return send.call();
                });
    }
}
