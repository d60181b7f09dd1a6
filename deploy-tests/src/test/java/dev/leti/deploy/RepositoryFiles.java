package dev.leti.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/** Files of the repository these tests check (the deployment files live outside this module). */
public final class RepositoryFiles {

    /** The one Dockerfile every service's image is built from. */
    public static final String DOCKERFILE = "docker/service.Dockerfile";

    private static final Pattern STAGE = Pattern.compile("(?m)^FROM (\\S+)(?: AS ([\\w-]+))?$");
    private static final Pattern JAVA_TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");

    private RepositoryFiles() {
    }

    /** The repository root: set by the build (surefire), or the parent of the module directory. */
    public static Path root() {
        String configured = System.getProperty("leti.repository.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("not the repository root: " + root);
        }
        return root;
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    public static Path dockerfile() {
        return resolve(DOCKERFILE);
    }

    /** The build arguments docker-compose.yml passes for a service's image (SERVICE, PORT, RUNTIME). */
    public static Map<String, String> imageBuildArguments(String service) {
        try {
            Map<String, Object> compose = new Yaml().load(Files.readString(resolve("docker-compose.yml")));
            Map<String, Object> build = YamlTree.map(YamlTree.at(compose, "services", service, "build"));
            if (!DOCKERFILE.equals(Path.of(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile")))
                    .normalize().toString())) {
                throw new IllegalStateException("docker-compose.yml does not build " + service + " from " + DOCKERFILE);
            }
            Map<String, String> arguments = new TreeMap<>();
            YamlTree.map(build.get("args")).forEach((name, value) -> arguments.put(name, String.valueOf(value)));
            return arguments;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Dockerfile's stages by name, each with its text (from its FROM line to the next). */
    public static Map<String, String> imageStages() {
        try {
            String dockerfile = Files.readString(dockerfile());
            Map<String, String> stages = new LinkedHashMap<>();
            Matcher from = STAGE.matcher(dockerfile);
            List<MatchResult> froms = from.results().toList();
            for (int i = 0; i < froms.size(); i++) {
                int end = i + 1 < froms.size() ? froms.get(i + 1).start() : dockerfile.length();
                String name = froms.get(i).group(2) != null ? froms.get(i).group(2) : "";
                stages.put(name, dockerfile.substring(froms.get(i).start(), end));
            }
            return stages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM options a runtime stage sets ({@code JAVA_TOOL_OPTIONS}, or those of the stage it builds on). */
    public static String runtimeJavaToolOptions(String runtime) {
        Map<String, String> stages = imageStages();
        for (String stage = runtime; stages.containsKey(stage); ) {
            Matcher options = JAVA_TOOL_OPTIONS.matcher(stages.get(stage));
            if (options.find()) {
                return options.group(1);
            }
            Matcher from = STAGE.matcher(stages.get(stage));
            stage = from.find() ? from.group(1) : "";
        }
        throw new IllegalStateException(DOCKERFILE + ": runtime " + runtime + " sets no JAVA_TOOL_OPTIONS");
    }
}
