package dev.leti.executor.sandbox.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cgroup hierarchies mounted at or under a cgroup root, read from {@code /proc/self/mountinfo}:
 * cgroup v1 controllers mounted one hierarchy each ({@code /sys/fs/cgroup/pids}), a cgroup v2
 * mount (the root itself on a v2 host, {@code unified} beside the v1 ones on a hybrid host), or a
 * root that lies inside a v2 mount (a delegated subtree such as {@code /sys/fs/cgroup/leti}).
 * The controllers a v2 hierarchy offers come from its {@code cgroup.controllers}.
 *
 * @param v1 the v1 hierarchies by controller ({@code pids}, {@code memory}, ...)
 * @param v2 the v2 hierarchy, where one is mounted
 */
record CgroupLayout(Map<String, Hierarchy> v1, Optional<Hierarchy> v2) {

    /**
     * One mounted hierarchy.
     *
     * @param path        where the executor creates its cgroups (a v1 mount point, the v2 mount or the delegated root)
     * @param readOnly    mounted read-only (as a container usually sees /sys/fs/cgroup)
     * @param controllers its controllers (v1: those mounted there; v2: those its {@code cgroup.controllers} offers)
     */
    record Hierarchy(Path path, boolean readOnly, Set<String> controllers) {
    }

    static CgroupLayout detect(Path mountinfo, Path root) {
        try {
            return parse(Files.readAllLines(mountinfo), root);
        } catch (IOException e) {
            return new CgroupLayout(Map.of(), Optional.empty());
        }
    }

    static CgroupLayout parse(List<String> mountinfo, Path root) {
        Path base = root.toAbsolutePath().normalize();
        Map<String, Hierarchy> v1 = new LinkedHashMap<>();
        Optional<Hierarchy> v2 = Optional.empty();
        for (String line : mountinfo) {
            // id parent major:minor root mount-point mount-options [optional fields] - type source super-options
            String[] fields = line.split(" ");
            int separator = Arrays.asList(fields).indexOf("-");
            if (separator < 6 || fields.length < separator + 4) {
                continue;
            }
            Path mountPoint = Path.of(fields[4].replace("\\040", " "));
            boolean readOnly = words(fields[5], ",").contains("ro");
            String type = fields[separator + 1];
            if (type.equals("cgroup") && mountPoint.startsWith(base)) {
                Set<String> controllers = words(fields[separator + 3], ",");
                Hierarchy hierarchy = new Hierarchy(mountPoint, readOnly, controllers);
                controllers.forEach(controller -> v1.put(controller, hierarchy));
            } else if (type.equals("cgroup2") && (mountPoint.startsWith(base) || base.startsWith(mountPoint))) {
                Path path = mountPoint.startsWith(base) ? mountPoint : base;
                v2 = Optional.of(new Hierarchy(path, readOnly, controllersOf(path)));
            }
        }
        return new CgroupLayout(Collections.unmodifiableMap(v1), v2);
    }

    private static Set<String> controllersOf(Path v2) {
        try {
            return words(Files.readString(v2.resolve("cgroup.controllers")).strip(), "\\s+");
        } catch (IOException e) {
            return Set.of();
        }
    }

    static Set<String> words(String text, String separator) {
        return Arrays.stream(text.split(separator)).filter(word -> !word.isEmpty()).collect(Collectors.toSet());
    }

    /** {@code v1}, {@code v2}, {@code hybrid} (v1 controllers and a v2 mount) or {@code none}. */
    String version() {
        if (v1.isEmpty()) {
            return v2.isPresent() ? "v2" : "none";
        }
        return v2.isPresent() ? "hybrid" : "v1";
    }

    /** For the startup log: the version and which hierarchies cannot be written. */
    String describe() {
        String readOnly = Stream.concat(v1.values().stream(), v2.stream()).filter(Hierarchy::readOnly)
                .map(h -> h.path().toString()).distinct().sorted().collect(Collectors.joining(", "));
        return "cgroup " + version() + (readOnly.isEmpty() ? "" : ", read-only: " + readOnly);
    }
}
