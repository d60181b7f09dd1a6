package dev.leti.spring.artifact;

import dev.leti.contracts.artifact.ArtifactPaths;
import dev.leti.contracts.artifact.ArtifactRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Artifacts in an S3-compatible bucket, so services on different nodes share them without a
 * ReadWriteMany volume.
 *
 * <p>Layout under {@code <bucket>/<prefix>}: every file of an artifact is an object named by its
 * SHA-256, {@code .blobs/<sha256>}; artifact {@code artifact:a/b} is its manifest object
 * {@code a/b.sha256} ({@link ArtifactManifest}, {@code sha256sum} format, user metadata
 * {@code leti-artifact: file|directory}), mapping each file name to its blob. Content-addressed blobs
 * mean two writers of one URI can only ever upload the same bytes under the same key, so the loser
 * cannot spoil the winner's files.
 *
 * <p>A write stages locally, uploads each file with its SHA-256 (which the server checks), reads
 * back each blob's size and stored checksum, and publishes the manifest last with
 * {@code If-None-Match: *}: of two writers exactly one wins. Blobs without a manifest are the
 * remainder of an interrupted write, invisible to readers.
 *
 * <p>{@code get} reads the manifest (one request), then hands back a verified local copy under
 * {@code <cacheDir>/<artifact sha256>/<name>}: downloaded into staging, hashed against the manifest,
 * moved into place. Since the copy's folder is named by the artifact's checksum, a changed or
 * re-pointed manifest never hits a stale copy; a hit only checks that the copy still has exactly the
 * manifest's files, so repeated reads of a large checkpoint cost no download and no re-hash.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    /** User metadata on a manifest object: {@code file} or {@code directory}. */
    static final String KIND = "leti-artifact";
    /** User metadata on a manifest object: a random id of the write that published it. */
    static final String WRITE_ID = "leti-write-id";

    private static final String BLOBS = ".blobs/";
    private static final String STAGING = ".staging";
    private static final String DIRECTORY = "directory";
    private static final String FILE = "file";
    private static final HexFormat HEX = HexFormat.of();

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path cacheDir;
    private final Path staging;

    /**
     * @param prefix   key prefix for every object of the store ({@code ""} for the bucket's root)
     * @param cacheDir local folder for verified copies and staged writes
     */
    public S3ArtifactStore(S3Client s3, String bucket, String prefix, Path cacheDir) {
        this.s3 = s3;
        this.bucket = bucket;
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        this.prefix = trimmed.isEmpty() ? "" : trimmed + "/";
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.staging = this.cacheDir.resolve(STAGING);
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact cache at " + this.cacheDir, e);
        }
    }

    /** A store on the configured bucket, with credentials from the AWS SDK's default chain. */
    public static S3ArtifactStore connect(ArtifactStoreProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("leti.artifacts.s3.bucket must be set when leti.artifacts.type=s3");
        }
        S3ClientBuilder client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
        }
        return new S3ArtifactStore(client.build(), settings.bucket(), settings.prefix(), settings.cacheDir());
    }

    @Override
    public ArtifactRef write(String relativePath, ArtifactWriter writer) {
        String uri = ArtifactPaths.uriOf(relativePath);
        Path workDir = null;
        try {
            refuseIfTaken(uri, relativePath);
            workDir = Files.createTempDirectory(staging, "write-");
            Path staged = workDir.resolve(nameOf(relativePath));
            ArtifactManifest manifest = LocalFiles.stage(uri, writer, staged);
            for (Map.Entry<String, String> file : manifest.files().entrySet()) {
                upload(uri, manifest.directory() ? staged.resolve(file.getKey()) : staged, file.getValue());
            }
            publish(uri, relativePath, manifest);
            return new ArtifactRef(uri, manifest.sha256());
        } catch (IOException e) {
            throw new ArtifactException(uri, "cannot write: " + e, e);
        } catch (SdkException e) {
            throw new ArtifactException(uri, "cannot write to s3://" + bucket + ": " + e.getMessage(), e);
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
    }

    @Override
    public Path get(ArtifactRef ref) {
        String uri = ref.uri();
        String relativePath = ArtifactPaths.relativePathOf(uri);
        ArtifactManifest recorded = recordedManifest(uri, relativePath);
        recorded.verifyChecksum(ref);
        Path copy = cacheDir.resolve(recorded.sha256()).resolve(nameOf(relativePath));
        if (isWholeCopy(copy, recorded)) {
            return copy;
        }
        LocalFiles.deleteRecursively(copy);
        try {
            return reading(uri, () -> download(uri, recorded, copy));
        } catch (UncheckedIOException e) {
            throw new ArtifactException(uri, "cannot download: " + e.getCause(), e);
        }
    }

    @Override
    public ArtifactRef describe(String uri) {
        return new ArtifactRef(uri, recordedManifest(uri, ArtifactPaths.relativePathOf(uri)).sha256());
    }

    @Override
    public boolean exists(String uri) {
        String key = manifestKeyOf(ArtifactPaths.relativePathOf(uri));
        return reading(uri, () -> objectExists(key));
    }

    @Override
    public void close() {
        s3.close();
    }

    private void refuseIfTaken(String uri, String relativePath) {
        if (objectExists(manifestKeyOf(relativePath))) {
            throw new ArtifactExistsException(uri);
        }
        for (int slash = relativePath.lastIndexOf('/'); slash > 0; slash = relativePath.lastIndexOf('/', slash - 1)) {
            String ancestor = relativePath.substring(0, slash);
            if (objectExists(manifestKeyOf(ancestor))) {
                throw new IllegalArgumentException(uri + " lies inside the artifact " + ArtifactPaths.uriOf(ancestor));
            }
        }
        // Only manifests live beside artifact paths (content is under .blobs/), so any key below is one.
        if (!s3.listObjectsV2(list -> list.bucket(bucket).prefix(prefix + relativePath + "/").maxKeys(1))
                .contents().isEmpty()) {
            throw new IllegalArgumentException(uri + " is a folder holding other artifacts");
        }
    }

    private void upload(String uri, Path file, String sha256) throws IOException {
        String key = prefix + BLOBS + sha256;
        long size = Files.size(file);
        // The server rejects the upload when the bytes it received do not hash to this checksum.
        s3.putObject(put -> put.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(base64(sha256)), RequestBody.fromFile(file));
        HeadObjectResponse stored = s3.headObject(head -> head.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        // Servers that keep no checksums return none; the size is checked everywhere.
        boolean checksumAgrees = stored.checksumSHA256() == null || stored.checksumSHA256().equals(base64(sha256));
        if (stored.contentLength() != size || !checksumAgrees) {
            throw new ArtifactException(uri, "s3://" + bucket + "/" + key + " does not read back as uploaded ("
                    + stored.contentLength() + " bytes, sha256 " + stored.checksumSHA256() + ")");
        }
    }

    /** The commit point: the manifest, only if no other writer published one first. */
    private void publish(String uri, String relativePath, ArtifactManifest manifest) {
        String key = manifestKeyOf(relativePath);
        String writeId = UUID.randomUUID().toString();
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).ifNoneMatch("*")
                            .contentType("text/plain; charset=utf-8")
                            .metadata(Map.of(KIND, manifest.directory() ? DIRECTORY : FILE, WRITE_ID, writeId)),
                    RequestBody.fromString(manifest.text()));
        } catch (S3Exception e) {
            // 412: the manifest exists; 409: another conditional write of it is in flight. Either may
            // answer the SDK's retry of our own put whose response was lost, so look whose it is.
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw e;
            }
            if (!head(key).map(winner -> writeId.equals(winner.metadata().get(WRITE_ID))).orElse(false)) {
                throw new ArtifactExistsException(uri);
            }
        }
    }

    private Path download(String uri, ArtifactManifest recorded, Path copy) {
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory(staging, "get-");
            Path staged = workDir.resolve(copy.getFileName().toString());
            if (recorded.directory()) {
                Files.createDirectories(staged);
            }
            for (Map.Entry<String, String> file : recorded.files().entrySet()) {
                Path target = recorded.directory() ? staged.resolve(file.getKey()) : staged;
                Files.createDirectories(target.getParent());
                try {
                    s3.getObject(get -> get.bucket(bucket).key(prefix + BLOBS + file.getValue()),
                            ResponseTransformer.toFile(target));
                } catch (S3Exception e) {
                    if (e.statusCode() != 404) {
                        throw e;
                    }
                    if (!recorded.directory()) {
                        throw new CorruptArtifactException(uri, "missing " + file.getKey());
                    }
                    // A directory's missing file is reported with every other difference below.
                }
            }
            recorded.verifyContent(uri, staged);
            Files.createDirectories(copy.getParent());
            try {
                Files.move(staged, copy, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another reader placed the same verified copy first.
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LocalFiles.deleteRecursively(workDir);
        }
    }

    private ArtifactManifest recordedManifest(String uri, String relativePath) {
        String key = manifestKeyOf(relativePath);
        ResponseBytes<GetObjectResponse> object = reading(uri, () -> {
            try {
                return s3.getObjectAsBytes(get -> get.bucket(bucket).key(key));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new ArtifactNotFoundException(uri);
                }
                throw e;
            }
        });
        String kind = object.response().metadata().get(KIND);
        if (!DIRECTORY.equals(kind) && !FILE.equals(kind)) {
            throw new CorruptArtifactException(uri, "manifest " + key + " has no " + KIND + " metadata");
        }
        try {
            return ArtifactManifest.parse(DIRECTORY.equals(kind), object.asUtf8String());
        } catch (IllegalArgumentException e) {
            throw new CorruptArtifactException(uri, "unreadable manifest " + key + ": " + e.getMessage());
        }
    }

    /** A cheap check of a cached copy: exactly the manifest's files are there (their bytes were hashed on download). */
    private static boolean isWholeCopy(Path copy, ArtifactManifest recorded) {
        if (!recorded.directory() || !Files.isDirectory(copy)) {
            return !recorded.directory() && Files.isRegularFile(copy);
        }
        try (Stream<Path> walk = Files.walk(copy)) {
            Set<String> files = walk.filter(Files::isRegularFile)
                    .map(path -> copy.relativize(path).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
            return files.equals(recorded.files().keySet());
        } catch (IOException e) {
            return false;
        }
    }

    private boolean objectExists(String key) {
        return head(key).isPresent();
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(head -> head.bucket(bucket).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T reading(String uri, Supplier<T> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            throw new ArtifactException(uri, "cannot read from s3://" + bucket + ": " + e.getMessage(), e);
        }
    }

    private String manifestKeyOf(String relativePath) {
        return prefix + relativePath + ArtifactPaths.CHECKSUM_SUFFIX;
    }

    private static String nameOf(String relativePath) {
        return relativePath.substring(relativePath.lastIndexOf('/') + 1);
    }

    private static String base64(String hexSha256) {
        return Base64.getEncoder().encodeToString(HEX.parseHex(hexSha256));
    }
}
