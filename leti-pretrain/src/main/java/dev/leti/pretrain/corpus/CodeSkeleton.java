package dev.leti.pretrain.corpus;

import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a piece of Python with its own names, numbers and string literals blanked out:
 * {@code def f(lst): return sum(x * x for x in lst if x > 3)} and
 * {@code def g(nums): return sum(n * n for n in nums if n > 7)} have the same skeleton.
 * Keywords, builtins and attribute names stay, because they carry the meaning. Two programs
 * with one skeleton are near-copies; the leakage and split checks compare skeletons.
 */
public final class CodeSkeleton {

    private static final Pattern TOKEN = Pattern.compile(
            "(?<string>'[^'\\n]*'|\"[^\"\\n]*\")|(?<number>\\d+)|(?<name>[A-Za-z_][A-Za-z_0-9]*)|(?<other>\\S)");
    private static final Set<String> KEPT = Set.of(
            "def", "return", "for", "in", "if", "else", "elif", "while", "not", "and", "or", "is", "lambda",
            "class", "self", "None", "True", "False", "break", "continue", "pass", "import", "from", "try",
            "except", "finally", "raise", "with", "as", "yield", "global", "assert", "del",
            "sum", "len", "max", "min", "abs", "range", "int", "str", "list", "dict", "set", "tuple", "sorted",
            "reversed", "enumerate", "zip", "map", "filter", "any", "all", "print", "round", "ord", "chr",
            "isinstance", "float", "bool", "divmod", "pow");

    private CodeSkeleton() {
    }

    /** The skeleton, as space-separated tokens. */
    public static String of(String python) {
        StringJoiner tokens = new StringJoiner(" ");
        Matcher matcher = TOKEN.matcher(python);
        String previous = "";
        while (matcher.find()) {
            String token;
            if (matcher.group("string") != null) {
                token = "S";
            } else if (matcher.group("number") != null) {
                token = "N";
            } else if (matcher.group("name") != null) {
                String name = matcher.group("name");
                token = KEPT.contains(name) || previous.equals(".") ? name : "ID";
            } else {
                token = matcher.group("other");
            }
            tokens.add(token);
            previous = token;
        }
        return tokens.toString();
    }

    /** The skeleton of a function's body: everything after its {@code def ...:} line. */
    public static String ofBody(String function) {
        int lineEnd = function.indexOf('\n');
        return of(lineEnd < 0 ? "" : function.substring(lineEnd + 1));
    }
}
