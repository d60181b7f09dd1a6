package dev.leti.orchestrator.dataset;

import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where dataset files may come from ({@code leti.datasets.*}): a run spec names a file by path,
 * and without this confinement any file the service can read would be parsed and echoed back
 * in error messages.
 *
 * @param roots directories a dataset path must lie under, after resolving {@code ..} and symbolic links.
 *              Bound as strings and read as file system paths here: Spring's own conversion to
 *              {@code Path} would read {@code /data} as a servlet-context resource (a folder under the
 *              embedded Tomcat's document base), not the directory {@code /data}
 */
@Validated
@ConfigurationProperties("leti.datasets")
public record DatasetProperties(@DefaultValue("/data") @NotEmpty List<String> roots) {

    /** The roots as absolute, normalised file system paths. */
    public List<Path> paths() {
        return roots.stream().map(root -> Path.of(root).toAbsolutePath().normalize()).toList();
    }
}
