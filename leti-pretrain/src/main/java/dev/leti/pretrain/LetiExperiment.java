package dev.leti.pretrain;

import dev.leti.contracts.ProblemFormat;
import dev.leti.contracts.Prompts;
import dev.leti.contracts.RewardToken;
import dev.leti.contracts.evaluation.PassAtK;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.sampling.GenerationInput;
import dev.leti.model.sampling.GenerationResult;
import dev.leti.model.sampling.Sampler;
import dev.leti.model.sampling.SamplingOptions;
import dev.leti.model.sampling.StopReason;
import dev.leti.model.text.LetiText;
import dev.leti.model.text.SequenceTruncation;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.tokenizer.Tokenizer;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.StepResult;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import dev.leti.pretrain.BaseModelEvaluation.Problem;
import dev.leti.pretrain.corpus.PretrainingCorpus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LeTI loop in one process, without the services, for diagnosing what the built-in model
 * can learn before a recipe goes into a run spec (docs/benchmarks.md, "Diagnosing the LeTI
 * effect"). Programs run under {@code /usr/bin/python3} with {@link ProgramChecks} (a measurement
 * aid, not the executor's sandbox); the feedback of a failure is the exception's last line
 * ({@code NameError: name 'x' is not defined}), not the executor's full traceback.
 *
 * <p>Modes: {@code leti} (reward token per sample, feedback on failures), {@code binary} (reward
 * token only), {@code rft} (rejection sampling: passing samples only, no token), {@code oracle}
 * (the train problems' reference solutions, no token: can the split transfer at all?).
 * Every evaluation of the held-out split prints its failures by kind ({@link #failureKind});
 * {@code --show-failures N} prints N failed samples of the base evaluation; {@code --eval-condition
 * true} prints, before and after each iteration's training, how much likelier passing programs are
 * after {@code <|good|>} than after {@code <|bad|>} compared with failing ones ({@link #conditionGap});
 * {@code --lead-token endoftext} puts {@code <|endoftext|>} first in every sequence built from a
 * problem ({@link #head}), so that the reward token is not at position 0.
 *
 * <pre>
 * java ... dev.leti.pretrain.LetiExperiment --problems DIR --mode leti --iterations 2 --samples 4 \
 *     --epochs 3 --lr 1e-3 --eval-tokens GOOD,BAD,NONE
 * </pre>
 */
public final class LetiExperiment {

    /** Settings of one experiment; every field is a command-line option of the same name. */
    record Settings(Path problems, String model, String mode, int iterations, int samples, double trainTemperature,
                    int maxNewTokens, int epochs, double learningRate, int batchSize, boolean endOfText,
                    boolean reinitRewardTokens, int pretrainMix, int evalSamples, double evalTemperature,
                    List<RewardToken> evalTokens, boolean evalTrain, long seed, int warmupSteps, int showFailures,
                    boolean evalCondition, LeadToken leadToken) {
    }

    /**
     * What {@code --lead-token} puts before the reward token (or before the prompt when there is
     * none) of every training, sampling and measuring sequence: nothing, or {@code <|endoftext|>}
     * (the BOS convention of Llama-family tokenizers). The pre-training mix's documents stay as
     * in pre-training.
     */
    enum LeadToken {
        NONE, ENDOFTEXT
    }

    private static final int BATCH_ROWS = 64;
    private static final int LIMIT_SECONDS = 5;
    private static final int MAX_LENGTH = 512;

    private final Settings settings;
    private final PrintStream out;
    private final List<Problem> train;
    private final List<Problem> test;
    private final List<int[]> plainCode = new ArrayList<>();
    private final long started = System.nanoTime();
    private List<Sampled> lastTrainSamples = List.of();
    private List<Sampled> baseTestSamples = List.of();

    private LetiExperiment(Settings settings, PrintStream out) throws IOException {
        this.settings = settings;
        this.out = out;
        this.train = BaseModelEvaluation.read(settings.problems().resolve("train.jsonl"));
        this.test = BaseModelEvaluation.read(settings.problems().resolve("test.jsonl"));
    }

    private void run() throws IOException {
        try (LanguageModel model = LanguageModel.load(settings.model(), ModelOptions.cpu())) {
            Tokenizer tokenizer = model.tokenizer();
            if (settings.pretrainMix() > 0) {
                int endOfText = tokenizer.id(SpecialToken.END_OF_TEXT);
                for (String document : PretrainingCorpus.documents(new PretrainingCorpus.Settings(11L, 2, 400))) {
                    int[] text = tokenizer.encode(document);
                    int[] tokens = Arrays.copyOf(text, text.length + 1);
                    tokens[text.length] = endOfText;
                    plainCode.add(Arrays.copyOf(tokens, Math.min(tokens.length, MAX_LENGTH)));
                }
            }
            if (settings.reinitRewardTokens()) {
                dev.leti.model.training.RewardEmbeddings.separate(model, settings.seed());
            }
            out.printf("experiment %s%n", settings);
            describeReferences(tokenizer, "train", train);
            describeReferences(tokenizer, "test", test);
            List<double[]> base = evaluate(model, 0, List.of(RewardToken.NONE)).get(0);
            double[] baseTest = base.get(1);
            for (int iteration = 1; iteration <= settings.iterations(); iteration++) {
                List<int[]> sequences = trainingText(model, iteration);
                if (settings.evalCondition()) {
                    conditionGap(model, train, lastTrainSamples, "before iteration " + iteration + " train samples");
                    conditionGap(model, test, baseTestSamples, "before iteration " + iteration + " base test samples");
                }
                train(model, sequences, iteration);
                if (settings.evalCondition()) {
                    conditionGap(model, train, lastTrainSamples, "after iteration " + iteration + " train samples");
                    conditionGap(model, test, baseTestSamples, "after iteration " + iteration + " base test samples");
                }
                List<RewardToken> tokens = settings.mode().equals("leti") || settings.mode().equals("binary")
                        ? settings.evalTokens() : List.of(RewardToken.NONE);
                List<List<double[]>> scores = evaluate(model, iteration, tokens);
                for (int t = 0; t < tokens.size(); t++) {
                    double[] after = scores.get(t).get(1);
                    double[] diff = new double[after.length];
                    for (int p = 0; p < after.length; p++) {
                        diff[p] = after[p] - baseTest[p];
                    }
                    out.printf(Locale.ROOT, "RESULT iteration %d token %s: test pass@1 %.3f, change vs base %+.3f ± %.3f%n",
                            iteration, tokens.get(t), mean(after), mean(diff), halfWidth(diff));
                }
            }
        }
    }

    /**
     * Tokens per byte of a split's reference programs and the longest in tokens, so that
     * {@code --max-new-tokens} can be set where every reference solution is still reachable.
     */
    private void describeReferences(Tokenizer tokenizer, String split, List<Problem> problems) {
        long bytes = 0;
        long tokens = 0;
        int longest = 0;
        for (Problem problem : problems) {
            int length = tokenizer.encode(problem.reference()).length;
            bytes += problem.reference().getBytes(StandardCharsets.UTF_8).length;
            tokens += length;
            longest = Math.max(longest, length);
        }
        out.printf(Locale.ROOT, "REFERENCES %s: %d programs, %.3f tokens per byte, mean %.1f tokens, longest %d tokens%s%n",
                split, problems.size(), (double) tokens / bytes, (double) tokens / problems.size(), longest,
                longest > settings.maxNewTokens() ? " (beyond --max-new-tokens " + settings.maxNewTokens() + ")" : "");
    }

    /** pass@1 per problem for each token: [train (or empty), test]. */
    private List<List<double[]>> evaluate(LanguageModel model, int iteration, List<RewardToken> tokens) {
        List<List<double[]>> all = new ArrayList<>();
        for (RewardToken token : tokens) {
            double[] trainScores = settings.evalTrain()
                    ? passRates(model, train, token, settings.evalSamples(), settings.evalTemperature(), 99, null)
                    : new double[0];
            double[] testScores = passRates(model, test, token, settings.evalSamples(), settings.evalTemperature(), 98,
                    "iteration " + iteration + " token " + token + " test");
            out.printf(Locale.ROOT, "EVAL iteration %d token %s: train pass@1 %s, test pass@1 %.3f ± %.3f (%s)%n",
                    iteration, token, settings.evalTrain() ? String.format(Locale.ROOT, "%.3f", mean(trainScores)) : "-",
                    mean(testScores), halfWidth(testScores), elapsed());
            all.add(List.of(trainScores, testScores));
        }
        return all;
    }

    /** pass@1 per problem; with a label, the failures' kinds are printed (and a few failures at iteration 0). */
    private double[] passRates(LanguageModel model, List<Problem> problems, RewardToken token, int samples,
                               double temperature, long seedSalt, String label) {
        List<Sampled> sampled = sample(model, problems, token, samples, temperature, settings.seed() * 7919 + seedSalt);
        if (label != null) {
            describeFailures(problems, sampled, label);
            if (label.startsWith("iteration 0 ")) {
                baseTestSamples = sampled;
            }
        }
        double[] rates = new double[problems.size()];
        for (int p = 0; p < problems.size(); p++) {
            int correct = 0;
            for (int s = 0; s < samples; s++) {
                correct += sampled.get(p * samples + s).passed() ? 1 : 0;
            }
            rates[p] = PassAtK.ofProblem(samples, correct, 1);
        }
        return rates;
    }

    record Sampled(int problem, String program, boolean passed, String feedback, StopReason finish) {
    }

    private static final Pattern TESTED_FUNCTION = Pattern.compile("assert (\\w+)\\(");

    /**
     * Why samples failed, first matching kind: {@code no-stop} (ran to --max-new-tokens),
     * {@code syntax}, {@code no-def} (no function defined), {@code wrong-name} (a function, but not
     * the tested one), {@code wrong-result}
     * (an assert failed), {@code timeout}, {@code other} (another exception).
     */
    static String failureKind(Sampled sampled, Problem problem) {
        String feedback = sampled.feedback();
        Matcher function = TESTED_FUNCTION.matcher(problem.tests());
        if (sampled.finish() == StopReason.LENGTH) {
            return "no-stop";
        } else if (feedback.startsWith("SyntaxError") || feedback.startsWith("IndentationError")) {
            return "syntax";
        } else if (feedback.startsWith("NameError") && function.find() && feedback.contains("'" + function.group(1) + "'")) {
            return sampled.program().contains("def ") ? "wrong-name" : "no-def";
        } else if (feedback.startsWith("AssertionError")) {
            return "wrong-result";
        }
        return feedback.startsWith("timeout") ? "timeout" : "other";
    }

    private void describeFailures(List<Problem> problems, List<Sampled> sampled, String label) {
        Map<String, Integer> kinds = new TreeMap<>();
        int shown = 0;
        int lastShown = -1;
        for (Sampled s : sampled) {
            if (s.passed()) {
                continue;
            }
            String kind = failureKind(s, problems.get(s.problem()));
            kinds.merge(kind, 1, Integer::sum);
            if (label.startsWith("iteration 0 ") && shown < settings.showFailures() && s.problem() % 10 == 0
                    && s.problem() != lastShown) {
                shown++;
                lastShown = s.problem();
                out.printf("FAILURE %s (%s; %s):%n%s%n----%n", kind, s.feedback(), s.finish(), s.program());
            }
        }
        out.printf("FAILURES %s: %d of %d samples, %s%n", label, kinds.values().stream().mapToInt(Integer::intValue).sum(),
                sampled.size(), kinds);
    }

    private List<Sampled> sample(LanguageModel model, List<Problem> problems, RewardToken token, int samples,
                                 double temperature, long seed) {
        SamplingOptions sampling = new SamplingOptions(temperature, 1.0, 0, settings.maxNewTokens(),
                Prompts.stopSequences(ProblemFormat.MBPP));
        List<GenerationInput> inputs = new ArrayList<>();
        for (int p = 0; p < problems.size(); p++) {
            int[] prompt = head(model.tokenizer(), settings.leadToken(), token, problems.get(p).prompt());
            for (int s = 0; s < samples; s++) {
                inputs.add(new GenerationInput(prompt, sampling, seed * 1_000_003L + p * 1_000L + s));
            }
        }
        Sampler sampler = new Sampler(model);
        List<GenerationResult> results = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += BATCH_ROWS) {
            results.addAll(sampler.generate(inputs.subList(from, Math.min(inputs.size(), from + BATCH_ROWS))));
        }
        List<String> programs = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Problem problem = problems.get(i / samples);
            programs.add(problem.setup() + "\n" + results.get(i).text() + "\n" + problem.tests());
        }
        List<String> errors = ProgramChecks.errors(programs, LIMIT_SECONDS);
        List<Sampled> sampled = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            sampled.add(new Sampled(i / samples, results.get(i).text(), errors.get(i) == null, errors.get(i),
                    results.get(i).finishReason()));
        }
        return sampled;
    }

    /** The iteration's training sequences, per mode. */
    private List<int[]> trainingText(LanguageModel model, int iteration) {
        Tokenizer tokenizer = model.tokenizer();
        List<int[]> sequences = new ArrayList<>();
        if (settings.mode().equals("oracle")) {
            for (Problem problem : train) {
                sequence(tokenizer, RewardToken.NONE, null, problem.prompt(), problem.reference()).ifPresent(sequences::add);
            }
            return sequences;
        }
        RewardToken token = iteration == 1 ? RewardToken.NONE : switch (settings.mode()) {
            case "leti", "binary" -> RewardToken.GOOD;
            default -> RewardToken.NONE;
        };
        List<Sampled> sampled = sample(model, train, token, settings.samples(), settings.trainTemperature(),
                settings.seed() * 31 + iteration);
        int good = 0;
        for (Sampled s : sampled) {
            Problem problem = train.get(s.problem());
            good += s.passed() ? 1 : 0;
            switch (settings.mode()) {
                case "rft" -> {
                    if (s.passed()) {
                        sequence(tokenizer, RewardToken.NONE, null, problem.prompt(), s.program()).ifPresent(sequences::add);
                    }
                }
                case "binary" -> sequence(tokenizer, s.passed() ? RewardToken.GOOD : RewardToken.BAD, null,
                        problem.prompt(), s.program()).ifPresent(sequences::add);
                default -> sequence(tokenizer, s.passed() ? RewardToken.GOOD : RewardToken.BAD,
                        s.passed() ? null : s.feedback(), problem.prompt(), s.program()).ifPresent(sequences::add);
            }
        }
        lastTrainSamples = sampled;
        out.printf(Locale.ROOT, "TRAIN iteration %d: %d samples with token %s, success %.3f, %d sequences (%s)%n",
                iteration, sampled.size(), token, (double) good / sampled.size(), sequences.size(), elapsed());
        return sequences;
    }

    /**
     * Whether the reward condition is learned, measured without sampling: for each sample, the
     * mean loss per program token (nats) of {@code token + prompt + program} with {@code <|bad|>}
     * minus with {@code <|good|>} (the evaluation's prompt, no feedback). A model that learned the
     * condition makes passing programs likelier after GOOD (margin above 0) and failing ones
     * likelier after BAD (below 0); the gap is the passing samples' mean margin minus the failing
     * ones', with a normal 95% interval (samples treated as independent).
     */
    private void conditionGap(LanguageModel model, List<Problem> problems, List<Sampled> sampled, String label) {
        if (sampled.isEmpty()) {
            return;
        }
        List<Double> passing = new ArrayList<>();
        List<Double> failing = new ArrayList<>();
        // never stepped: the session is only for its evaluate
        TrainingOptions options = new TrainingOptions(1e-9, 0.0, 0, 1, LearningRateSchedule.CONSTANT, 1.0);
        try (TrainingSession session = TrainingSession.start(model, options)) {
            for (Sampled s : sampled) {
                String prompt = problems.get(s.problem()).prompt();
                LeadToken lead = settings.leadToken();
                double margin = programLoss(model.tokenizer(), session, lead, RewardToken.BAD, prompt, s.program())
                        - programLoss(model.tokenizer(), session, lead, RewardToken.GOOD, prompt, s.program());
                (s.passed() ? passing : failing).add(margin);
            }
        }
        double[] p = passing.stream().mapToDouble(Double::doubleValue).toArray();
        double[] f = failing.stream().mapToDouble(Double::doubleValue).toArray();
        double gap = mean(p) - mean(f);
        double half = Math.sqrt(Math.pow(halfWidth(p), 2) + Math.pow(halfWidth(f), 2));
        out.printf(Locale.ROOT, "CONDITION %s: loss(BAD) - loss(GOOD) per program token: passing %.4f (n %d), "
                        + "failing %.4f (n %d), gap %+.4f ± %.4f (%s)%n", label, mean(p), p.length, mean(f), f.length,
                gap, half, elapsed());
    }

    /** Mean loss per program token (and end of text) of lead token + reward token + prompt + program. */
    static double programLoss(Tokenizer tokenizer, TrainingSession session, LeadToken lead, RewardToken reward,
                              String prompt, String program) {
        int[] head = head(tokenizer, lead, reward, prompt);
        int[] body = tokenizer.encode(program);
        int[] all = new int[head.length + body.length + 1];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        all[all.length - 1] = tokenizer.id(SpecialToken.END_OF_TEXT);
        boolean[] targets = new boolean[all.length];
        for (int t = head.length; t < all.length; t++) {
            targets[t] = true;
        }
        int[] cut = all.length > MAX_LENGTH ? Arrays.copyOf(all, MAX_LENGTH) : all;
        boolean[] cutTargets = Arrays.copyOf(targets, cut.length);
        return session.evaluate(TrainingBatch.of(List.of(cut), List.of(cutTargets), tokenizer.id(SpecialToken.PAD),
                MAX_LENGTH));
    }

    /**
     * The start of a sequence the model continues with a program: the lead token (if any), the
     * reward token (if any) and the prompt, as the generator encodes it ({@link Tokenizer#encodePrompt}).
     */
    static int[] head(Tokenizer tokenizer, LeadToken lead, RewardToken reward, String prompt) {
        return withLead(tokenizer, lead, tokenizer.encodePrompt(reward.text(), prompt));
    }

    /**
     * A training sequence: LeTI's text ({@link LetiText}, fitted to {@link #MAX_LENGTH} by the
     * trainer's {@link SequenceTruncation}) after the lead token (if any); without its end-of-text
     * token when {@code endOfText} is off. Empty when the program alone does not fit.
     */
    static Optional<int[]> trainingSequence(Tokenizer tokenizer, LeadToken lead, boolean endOfText, RewardToken reward,
                                            String feedback, String prompt, String program) {
        LetiText text = new LetiText(SpecialToken.reward(reward.text()), feedback, prompt, program);
        int leadLength = lead == LeadToken.ENDOFTEXT ? 1 : 0;
        return new SequenceTruncation(tokenizer).fit(text, MAX_LENGTH - leadLength)
                .map(ids -> endOfText ? ids : Arrays.copyOf(ids, ids.length - 1))
                .map(ids -> withLead(tokenizer, lead, ids));
    }

    private Optional<int[]> sequence(Tokenizer tokenizer, RewardToken reward, String feedback, String prompt,
                                     String program) {
        return trainingSequence(tokenizer, settings.leadToken(), settings.endOfText(), reward, feedback, prompt, program);
    }

    private static int[] withLead(Tokenizer tokenizer, LeadToken lead, int[] ids) {
        if (lead != LeadToken.ENDOFTEXT) {
            return ids;
        }
        int[] all = new int[ids.length + 1];
        all[0] = tokenizer.id(SpecialToken.END_OF_TEXT);
        System.arraycopy(ids, 0, all, 1, ids.length);
        return all;
    }

    private void train(LanguageModel model, List<int[]> sequences, int iteration) {
        if (sequences.isEmpty()) {
            out.println("TRAIN nothing to train on");
            return;
        }
        int pad = model.tokenizer().id(SpecialToken.PAD);
        int stepsPerEpoch = (sequences.size() + settings.batchSize() - 1) / settings.batchSize();
        long total = (long) stepsPerEpoch * settings.epochs() * (1 + settings.pretrainMix());
        TrainingOptions options = new TrainingOptions(settings.learningRate(), 0.01,
                Math.toIntExact(Math.min(settings.warmupSteps(), total)), total, LearningRateSchedule.CONSTANT, 1.0);
        Random random = new Random(settings.seed() * 17 + iteration);
        double first = Double.NaN;
        double last = 0;
        try (TrainingSession session = TrainingSession.start(model, options)) {
            int plainAt = 0;
            List<Integer> plainOrder = new ArrayList<>();
            for (int i = 0; i < plainCode.size(); i++) {
                plainOrder.add(i);
            }
            Collections.shuffle(plainOrder, random);
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                List<int[]> order = new ArrayList<>(sequences);
                Collections.shuffle(order, random);
                for (int from = 0; from < order.size(); from += settings.batchSize()) {
                    List<int[]> batch = order.subList(from, Math.min(order.size(), from + settings.batchSize()));
                    StepResult step = session.step(TrainingBatch.of(batch, pad, MAX_LENGTH));
                    first = Double.isNaN(first) ? step.loss() : first;
                    last = step.loss();
                    for (int r = 0; r < settings.pretrainMix(); r++) {
                        List<int[]> plain = new ArrayList<>();
                        for (int b = 0; b < settings.batchSize(); b++) {
                            plain.add(plainCode.get(plainOrder.get(plainAt++ % plainOrder.size())));
                        }
                        session.step(TrainingBatch.of(plain, pad, MAX_LENGTH));
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "TRAIN iteration %d: %d sequences x %d epochs, %d optimizer steps, loss %.3f -> %.3f (%s)%n",
                iteration, sequences.size(), settings.epochs(), total, first, last, elapsed());
    }

    private String elapsed() {
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Half width of the normal 95% interval of the mean. */
    static double halfWidth(double[] values) {
        double mean = mean(values);
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.length - 1);
        return 1.96 * Math.sqrt(variance / values.length);
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Path problems = null;
        String model = "builtin:leti-tiny";
        String mode = "leti";
        int iterations = 2;
        int samples = 4;
        double trainTemperature = 1.0;
        int maxNewTokens = 256;
        int epochs = 3;
        double learningRate = 1e-3;
        int batchSize = 16;
        boolean endOfText = true;
        boolean reinit = false;
        int pretrainMix = 0;
        int evalSamples = 8;
        double evalTemperature = 0.2;
        List<RewardToken> evalTokens = List.of(RewardToken.GOOD);
        boolean evalTrain = false;
        long seed = 1;
        int warmupSteps = 0;
        int showFailures = 0;
        boolean evalCondition = false;
        LeadToken leadToken = LeadToken.NONE;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--problems" -> problems = Path.of(value);
                case "--model" -> model = value;
                case "--mode" -> mode = value;
                case "--iterations" -> iterations = Integer.parseInt(value);
                case "--samples" -> samples = Integer.parseInt(value);
                case "--train-temperature" -> trainTemperature = Double.parseDouble(value);
                case "--max-new-tokens" -> maxNewTokens = Integer.parseInt(value);
                case "--epochs" -> epochs = Integer.parseInt(value);
                case "--lr" -> learningRate = Double.parseDouble(value);
                case "--batch" -> batchSize = Integer.parseInt(value);
                case "--end-of-text" -> endOfText = Boolean.parseBoolean(value);
                case "--reinit-reward-tokens" -> reinit = Boolean.parseBoolean(value);
                case "--pretrain-mix" -> pretrainMix = Integer.parseInt(value);
                case "--eval-samples" -> evalSamples = Integer.parseInt(value);
                case "--eval-temperature" -> evalTemperature = Double.parseDouble(value);
                case "--eval-tokens" -> evalTokens = Arrays.stream(value.split(",")).map(RewardToken::valueOf).toList();
                case "--eval-train" -> evalTrain = Boolean.parseBoolean(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--warmup" -> warmupSteps = Integer.parseInt(value);
                case "--show-failures" -> showFailures = Integer.parseInt(value);
                case "--eval-condition" -> evalCondition = Boolean.parseBoolean(value);
                case "--lead-token" -> leadToken = LeadToken.valueOf(value.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        if (problems == null) {
            throw new IllegalArgumentException("--problems DIR (with train.jsonl and test.jsonl) is required");
        }
        new LetiExperiment(new Settings(problems, model, mode, iterations, samples, trainTemperature, maxNewTokens,
                epochs, learningRate, batchSize, endOfText, reinit, pretrainMix, evalSamples, evalTemperature,
                evalTokens, evalTrain, seed, warmupSteps, showFailures, evalCondition, leadToken), System.out).run();
    }
}
