package dev.leti.executor.sandbox;

import dev.leti.contracts.execution.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The hostile-program corpus (test resources {@code hostile/*.py}), which every backend must
 * hold. A case is one file: header comments saying what the run must get, the program, and
 * after a {@code # --- tests ---} line the tests (absent: the program alone).
 * <pre>
 * # expect: SUSPICIOUS            outcomes allowed, separated by |
 * # exception: PermissionError    exception types allowed (optional)
 * # feedback: RewardHack (...)    text the feedback must contain (optional, repeatable)
 * # limits: short                 2 s wall clock instead of 30 s (for the cases that must time out)
 * # stdout-truncated: true        the output went past the cap (optional)
 * </pre>
 */
public record HostileCorpus(String name, String program, String tests, Set<Outcome> outcomes, Set<String> exceptions,
        List<String> feedback, boolean shortLimits, boolean stdoutTruncated) {

    private static final String TESTS = "# --- tests ---\n";

    @Override
    public String toString() {
        return name;
    }

    public static Stream<HostileCorpus> cases() {
        try (Stream<Path> files = Files.list(Path.of(HostileCorpus.class.getResource("/hostile").toURI()))) {
            return files.filter(file -> file.toString().endsWith(".py")).sorted().map(HostileCorpus::read).toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HostileCorpus read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> header = new TreeMap<>();
        for (String line : text.lines().takeWhile(line -> line.matches("# [a-z-]+: .*")).toList()) {
            String[] pair = line.substring(2).split(": ", 2);
            header.computeIfAbsent(pair[0], key -> new ArrayList<>()).add(pair[1].strip());
        }
        int split = text.indexOf(TESTS);
        String program = split < 0 ? text : text.substring(0, split);
        String tests = split < 0 ? "" : text.substring(split + TESTS.length());
        String name = file.getFileName().toString().replaceFirst("\\.py$", "");
        if (!header.containsKey("expect")) {
            throw new IllegalStateException(name + " says no '# expect:'");
        }
        return new HostileCorpus(name, program, tests,
                alternatives(header, "expect").stream().map(Outcome::valueOf).collect(Collectors.toSet()),
                alternatives(header, "exception"), header.getOrDefault("feedback", List.of()),
                header.getOrDefault("limits", List.of()).contains("short"),
                header.getOrDefault("stdout-truncated", List.of()).contains("true"));
    }

    private static Set<String> alternatives(Map<String, List<String>> header, String key) {
        return header.getOrDefault(key, List.of()).stream().flatMap(value -> Arrays.stream(value.split("\\|")))
                .map(String::strip).collect(Collectors.toSet());
    }
}
