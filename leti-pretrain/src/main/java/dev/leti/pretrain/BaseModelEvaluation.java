package dev.leti.pretrain;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.Prompts;
import dev.leti.contracts.evaluation.PassAtK;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.config.ModelJson;
import dev.leti.model.sampling.GenerationInput;
import dev.leti.model.sampling.Sampler;
import dev.leti.model.sampling.SamplingOptions;
import dev.leti.pretrain.corpus.PythonBatch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Measures a base model on MBPP-form problem files the way the suite prompts it: the share of
 * samples that parse as Python, and pass@k (unbiased estimator) per split. Used to document the
 * shipped tiny model (docs/benchmarks.md); the suite's own evaluation runs in the orchestrator.
 *
 * <pre>
 * java ... dev.leti.pretrain.BaseModelEvaluation --model builtin:leti-tiny \
 *     --problems orchestrator-service/src/main/resources/dev/leti/orchestrator/dataset/builtin/leti-tiny \
 *     --samples 10 --temperature 0.8 --k 1,5,10
 * </pre>
 */
public final class BaseModelEvaluation {

    /** One problem: its prompt, the program suffix that tests it, its setup code and reference solution. */
    record Problem(String prompt, String tests, String setup, String reference) {
    }

    /** What one split scored. */
    record Score(String split, int problems, int samples, double parseRate, double[] passAtK) {
    }

    private static final int BATCH_ROWS = 48;
    private static final int MAX_NEW_TOKENS = 256;
    private static final int LIMIT_SECONDS = 5;

    private BaseModelEvaluation() {
    }

    static List<Problem> read(Path file) throws IOException {
        List<Problem> problems = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode json = ModelJson.mapper().readTree(line);
            List<String> tests = json.get("test_list").valueStream().map(JsonNode::asString).toList();
            problems.add(new Problem(Prompts.mbpp(json.get("text").asString(), tests.get(0)),
                    String.join("\n", tests) + "\n", json.path("test_setup_code").asString(""),
                    json.path("code").asString("")));
        }
        return problems;
    }

    /** Samples {@code samples} programs per problem and scores them. */
    static Score score(String split, LanguageModel model, List<Problem> problems, int samples, double temperature,
                       int[] ks) {
        SamplingOptions settings = new SamplingOptions(temperature, 1.0, 0, MAX_NEW_TOKENS,
                Prompts.stopSequences(ProblemFormat.MBPP));
        List<GenerationInput> inputs = new ArrayList<>();
        for (int p = 0; p < problems.size(); p++) {
            int[] prompt = model.tokenizer().encodePrompt("", problems.get(p).prompt());
            for (int s = 0; s < samples; s++) {
                inputs.add(new GenerationInput(prompt, settings, 1234L * 1_000_003L + p * 1_000L + s));
            }
        }
        Sampler sampler = new Sampler(model);
        List<String> completions = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += BATCH_ROWS) {
            sampler.generate(inputs.subList(from, Math.min(inputs.size(), from + BATCH_ROWS)))
                    .forEach(result -> completions.add(result.text()));
        }
        List<String> programs = new ArrayList<>(completions.size());
        for (int i = 0; i < completions.size(); i++) {
            Problem problem = problems.get(i / samples);
            programs.add(problem.setup() + "\n" + completions.get(i) + "\n" + problem.tests());
        }
        long parsed = PythonBatch.parses(completions).stream().filter(Boolean::booleanValue).count();
        List<Boolean> passed = ProgramChecks.passes(programs, LIMIT_SECONDS);
        double[] passAtK = new double[ks.length];
        for (int p = 0; p < problems.size(); p++) {
            int correct = (int) passed.subList(p * samples, (p + 1) * samples).stream().filter(Boolean::booleanValue).count();
            for (int k = 0; k < ks.length; k++) {
                passAtK[k] += PassAtK.ofProblem(samples, correct, ks[k]) / problems.size();
            }
        }
        return new Score(split, problems.size(), completions.size(), (double) parsed / completions.size(), passAtK);
    }

    /** {@code --model REF --problems DIR [--samples N] [--temperature T] [--k 1,5]}. */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        String reference = "builtin:leti-tiny";
        Path problems = null;
        int samples = 1;
        double temperature = 0;
        int[] ks = {1};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> reference = args[++i];
                case "--problems" -> problems = Path.of(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--temperature" -> temperature = Double.parseDouble(args[++i]);
                case "--k" -> ks = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (problems == null) {
            throw new IllegalArgumentException("--problems DIR (with train.jsonl and test.jsonl) is required");
        }
        PrintStream out = System.out;
        try (LanguageModel model = LanguageModel.load(reference, ModelOptions.cpu())) {
            out.printf("| model | split | problems | samples/problem | temperature | parses | %s |%n",
                    String.join(" | ", Arrays.stream(ks).mapToObj(k -> "pass@" + k).toList()));
            for (String split : List.of("train", "test")) {
                long started = System.nanoTime();
                Score score = score(split, model, read(problems.resolve(split + ".jsonl")), samples, temperature, ks);
                StringBuilder row = new StringBuilder();
                for (double value : score.passAtK()) {
                    row.append(String.format(" %.1f%% |", 100 * value));
                }
                out.printf("| %s | %s | %d | %d | %.2f | %.1f%% |%s (%d s)%n", reference, split, score.problems(), samples,
                        temperature, 100 * score.parseRate(), row, (System.nanoTime() - started) / 1_000_000_000L);
            }
        }
    }
}
