package dev.leti.deploy.helm;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes objects of one `helm template` output, read as plain maps. */
record Rendered(String source, List<Map<String, Object>> objects) {

    static Rendered parse(String source, String manifests) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Map<String, Object>> objects = StreamSupport.stream(yaml.loadAll(manifests).spliterator(), false)
                .filter(Objects::nonNull)
                .map(Rendered::asMap)
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
        Object env = container.get("env");
        return env == null ? List.of() : list(env);
    }

    static Map<String, Object> envVar(Map<String, Object> container, String name) {
        return env(container).stream()
                .filter(e -> name.equals(e.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.get("name")));
    }

    /** Follows a path of map keys; null where the path does not exist. */
    static Object at(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static Map<String, Object> asMap(Object document) {
        return map(document);
    }
}
