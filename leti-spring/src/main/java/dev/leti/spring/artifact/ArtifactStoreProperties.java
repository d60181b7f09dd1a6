package dev.leti.spring.artifact;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where artifacts live ({@code leti.artifacts.*}, env {@code LETI_ARTIFACTS_TYPE}, {@code LETI_ARTIFACTS_ROOT},
 * {@code LETI_ARTIFACTS_S3_BUCKET}...).
 *
 * @param type which backend: {@code directory} (default) or {@code s3}
 * @param root the directory store's root, shared by every service that reads or writes artifacts
 *             (default {@code .leti/artifacts}, relative to the working directory)
 * @param s3   the S3 store's bucket and endpoint; credentials never come from here but from the AWS
 *             SDK's default chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, a web
 *             identity token, an instance profile...)
 */
@ConfigurationProperties("leti.artifacts")
public record ArtifactStoreProperties(Type type, Path root, S3 s3) {

    public ArtifactStoreProperties {
        type = type == null ? Type.DIRECTORY : type;
        root = root == null ? Path.of(".leti/artifacts") : root;
        s3 = s3 == null ? new S3(null, null, null, null, false, null) : s3;
    }

    /** The storage backends. */
    public enum Type { DIRECTORY, S3 }

    /**
     * An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, s3proxy...).
     *
     * @param endpoint  the service URL; empty for AWS S3 itself
     * @param region    the signing region (default {@code us-east-1}, which S3-compatible servers accept)
     * @param bucket    the bucket; it must exist
     * @param prefix    the key prefix under which the store keeps its objects (default none)
     * @param pathStyle {@code true} for {@code <endpoint>/<bucket>/<key>} URLs, which most
     *                  self-hosted servers need; {@code false} for virtual-hosted buckets
     * @param cacheDir  local folder for verified copies handed out by {@code get} and for staging
     *                  writes (default {@code <java.io.tmpdir>/leti-artifacts})
     */
    public record S3(URI endpoint, String region, String bucket, String prefix, boolean pathStyle, Path cacheDir) {

        public S3 {
            region = region == null || region.isBlank() ? "us-east-1" : region;
            prefix = prefix == null ? "" : prefix;
            cacheDir = cacheDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "leti-artifacts") : cacheDir;
        }
    }
}
