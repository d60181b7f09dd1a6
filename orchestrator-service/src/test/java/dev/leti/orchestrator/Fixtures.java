package dev.leti.orchestrator;

import java.nio.file.Path;

/** The small datasets under src/test/resources/datasets and run specs over them. */
public final class Fixtures {

    public static final String MBPP_MINI = path("datasets/mbpp-mini.jsonl");
    public static final String HUMANEVAL_MINI = path("datasets/humaneval-mini.jsonl");
    public static final String MBPP_BROKEN = path("datasets/mbpp-broken.jsonl");

    private Fixtures() {
    }

    public static String path(String resource) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(resource).toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource " + resource, e);
        }
    }

    /**
     * A run on the MBPP fixture (6 train, 4 test problems), 2 samples per train problem, pass@1
     * and pass@2 from 3 samples per held-out problem; the checkpoint picks the fake workers' mode.
     */
    public static String spec(String checkpoint) {
        return """
                {"name": "api test", "baseCheckpoint": "%s", "dataset": {"reference": "%s"},
                 "samplesPerProblem": 2, "evaluation": {"kValues": [1, 2], "samplesPerProblem": 3}}"""
                .formatted(checkpoint, MBPP_MINI);
    }
}
