package dev.leti.pretrain;

import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.pretrain.corpus.PretrainingCorpus.RewardTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pre-training documents in LeTI's training-text format, so that a base model knows the reward
 * convention before LeTI fine-tuning (an option of {@link PretrainTinyModel}, off by default):
 * per corpus task, {@code <|good|>} + prompt + its correct function, and {@code <|bad|>} +
 * prompt + a corrupted function, the corruption's real interpreter error (run with the task's
 * asserts under {@link ProgramChecks}, the exception's last line as in {@link LetiExperiment})
 * between {@code <|lang_feedback|>} and {@code <|/lang_feedback|>} in half of them (textual
 * format) and no feedback in the other half (binary format). A corruption that still passes
 * the asserts gives no bad document.
 *
 * <p>Corruptions, roughly in the proportions of the BPE base's own failures: a wrong integer
 * constant or operator (a wrong result), a wrong function name, a wrong variable name, a missing
 * closing parenthesis.
 */
final class RewardDocuments {

    private static final int LIMIT_SECONDS = 5;
    private static final Pattern INTEGER = Pattern.compile("(?<![\\w.])\\d+(?![\\w.])");
    private static final String[][] OPERATORS = {
        {" + ", " - "}, {" - ", " + "}, {" < ", " <= "}, {" > ", " >= "}, {" <= ", " < "}, {" >= ", " > "},
        {" % ", " // "}, {" == ", " != "}, {" != ", " == "}, {" * ", " + "}, {"sum(", "max("}, {"max(", "min("},
        {"min(", "max("}, {"len(", "sum("},
    };

    private RewardDocuments() {
    }

    /** The documents of the tasks (special tokens as their texts), in task order; deterministic from the seed. */
    static List<String> of(List<RewardTask> tasks, long seed) {
        Random random = new Random(seed);
        List<String> corrupted = new ArrayList<>(tasks.size());
        List<String> runs = new ArrayList<>(tasks.size());
        for (RewardTask task : tasks) {
            String program = corrupt(task.program(), random);
            corrupted.add(program);
            runs.add(program + "\n" + String.join("\n", task.asserts()) + "\n");
        }
        List<String> errors = ProgramChecks.errors(runs, LIMIT_SECONDS);
        List<String> documents = new ArrayList<>(2 * tasks.size());
        for (int t = 0; t < tasks.size(); t++) {
            RewardTask task = tasks.get(t);
            documents.add(SpecialToken.GOOD.text() + task.prompt() + task.program());
            String error = errors.get(t);
            if (error != null) {
                String feedback = random.nextBoolean() ? SpecialToken.LANG_FEEDBACK.text() + error
                        + SpecialToken.LANG_FEEDBACK_END.text() : "";
                documents.add(SpecialToken.BAD.text() + feedback + task.prompt() + corrupted.get(t));
            }
        }
        return documents;
    }

    /** One corruption of a function (a def line and a body); the function itself where none applies. */
    static String corrupt(String program, Random random) {
        int bodyStart = program.indexOf('\n') + 1;
        String head = program.substring(0, bodyStart);
        String body = program.substring(bodyStart);
        double kind = random.nextDouble();
        if (kind < 0.30) {
            String changed = constant(body, random);
            if (changed != null) {
                return head + changed;
            }
        }
        if (kind < 0.55) {
            String changed = operator(body, random);
            if (changed != null) {
                return head + changed;
            }
        }
        if (kind < 0.70) {
            Matcher name = Pattern.compile("^def (\\w+)\\(").matcher(head);
            if (name.find()) {
                String wrong = name.group(1).contains("_")
                        ? name.group(1).substring(0, name.group(1).lastIndexOf('_')) : name.group(1) + "_list";
                return head.replaceFirst("^def \\w+\\(", "def " + wrong + "(") + body;
            }
        }
        if (kind < 0.90) {
            Matcher parameter = Pattern.compile("\\((\\w+)\\):").matcher(head);
            if (parameter.find() && body.contains(parameter.group(1))) {
                String name = parameter.group(1);
                String wrong = name.endsWith("s") ? name.substring(0, name.length() - 1) : name + "s";
                return head + replaceOne(body, "\\b" + name + "\\b", wrong, random);
            }
        }
        int close = body.lastIndexOf(')');
        return close < 0 ? program : head + body.substring(0, close) + body.substring(close + 1);
    }

    private static String constant(String body, Random random) {
        List<int[]> spans = new ArrayList<>();
        Matcher matcher = INTEGER.matcher(body);
        while (matcher.find()) {
            spans.add(new int[] {matcher.start(), matcher.end()});
        }
        if (spans.isEmpty()) {
            return null;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        long value = Long.parseLong(body.substring(span[0], span[1]));
        long wrong = value > 0 && random.nextBoolean() ? value - 1 : value + 1;
        return body.substring(0, span[0]) + wrong + body.substring(span[1]);
    }

    private static String operator(String body, Random random) {
        List<String[]> present = new ArrayList<>();
        for (String[] pair : OPERATORS) {
            if (body.contains(pair[0])) {
                present.add(pair);
            }
        }
        if (present.isEmpty()) {
            return null;
        }
        String[] pair = present.get(random.nextInt(present.size()));
        return replaceOne(body, Pattern.quote(pair[0]), Matcher.quoteReplacement(pair[1]), random);
    }

    /** Replaces one (random) match of the regex. */
    private static String replaceOne(String text, String regex, String replacement, Random random) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (matcher.find()) {
            spans.add(new int[] {matcher.start(), matcher.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return text.substring(0, span[0]) + Pattern.compile(regex).matcher(text.substring(span[0], span[1]))
                .replaceFirst(replacement) + text.substring(span[1]);
    }
}
