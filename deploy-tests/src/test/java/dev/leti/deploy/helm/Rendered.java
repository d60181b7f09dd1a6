package dev.leti.deploy.helm;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import dev.leti.deploy.YamlTree;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static dev.leti.deploy.YamlTree.at;
import static dev.leti.deploy.YamlTree.list;
import static dev.leti.deploy.YamlTree.map;

/** The Kubernetes objects of one `helm template` output, read as plain maps. */
record Rendered(String source, List<Map<String, Object>> objects) {

    static Rendered parse(String source, String manifests) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Map<String, Object>> objects = StreamSupport.stream(yaml.loadAll(manifests).spliterator(), false)
                .filter(Objects::nonNull)
                .map(YamlTree::map)
                .toList();
        return new Rendered(source, objects);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    /** The object of a kind whose `app.kubernetes.io/component` label is the component. */
    Map<String, Object> component(String kind, String component) {
        return ofKind(kind).stream()
                .filter(o -> component.equals(labels(o).get("app.kubernetes.io/component")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(source + ": no " + kind + " for " + component));
    }

    static Map<String, Object> labels(Map<String, Object> object) {
        return map(at(object, "metadata", "labels"));
    }

    /** The pod spec of a Deployment. */
    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(at(deployment, "spec", "template", "spec"));
    }

    static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return list(podSpec(deployment).get("containers"));
    }

    /** The service's own container (named like the component), not a sidecar. */
    static Map<String, Object> mainContainer(Map<String, Object> deployment) {
        String component = (String) labels(deployment).get("app.kubernetes.io/component");
        return containers(deployment).stream()
                .filter(c -> component.equals(c.get("name")))
                .findFirst()
                .orElseThrow();
    }

    static List<Map<String, Object>> env(Map<String, Object> container) {
        return list(container.get("env"));
    }

    static Map<String, Object> envVar(Map<String, Object> container, String name) {
        return env(container).stream()
                .filter(e -> name.equals(e.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.get("name")));
    }
}
