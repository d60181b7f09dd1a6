package dev.leti.deploy;

import java.util.List;
import java.util.Map;

/** Navigation in YAML read as plain maps and lists (Kubernetes objects, compose files). */
public final class YamlTree {

    private YamlTree() {
    }

    /** Follows a path of map keys; null where the path does not exist. */
    public static Object at(Object root, String... keys) {
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
    public static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
