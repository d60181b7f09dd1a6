package dev.leti.pretrain.corpus;

/**
 * One concrete task: a composition with its constants, its function and parameter names, and
 * the style its Python is written in. Renders the MBPP-style description and the program.
 */
record Task(Composition composition, String filterArgument, String transformArgument, String functionName,
            String parameter, Style style, String lead) {

    /** How the program is written: one comprehension expression, or an explicit loop. */
    enum Style { EXPRESSION, LOOP }

    /** "Write a function to find the sum of the even numbers in a list, each squared." */
    String description() {
        Composition c = composition;
        String nounPhrase = c.filter().phrase(c.source().noun(), filterArgument) + " " + c.source().where();
        return lead + " " + c.reduce().phrase(nounPhrase, c.source().kind())
                + c.transform().suffix(transformArgument) + ".";
    }

    /** The whole function, ending with a newline. */
    String program() {
        return "def " + functionName + "(" + parameter + "):\n" + body();
    }

    private String body() {
        Composition c = composition;
        String variable = c.source().kind().variable();
        String iterable = c.source().python(parameter);
        String condition = c.filter() == Filter.NONE ? null : c.filter().python(variable, filterArgument);
        String value = c.transform().python(variable, transformArgument);
        if (style == Style.LOOP || c.reduce() == Reduce.PRODUCT) {
            return loopBody(variable, iterable, condition, value);
        }
        String generator = value + " for " + variable + " in " + iterable + (condition == null ? "" : " if " + condition);
        String expression = switch (c.reduce()) {
            case SUM, MAX, MIN -> c.reduce().nameWord() + "(" + generator + ")";
            case COUNT -> "len([" + generator + "])";
            case LIST -> "[" + generator + "]";
            case JOIN -> separator() + ".join(" + generator + ")";
            case PRODUCT -> throw new IllegalStateException("a product is always a loop");
        };
        return "    return " + expression + "\n";
    }

    private String loopBody(String variable, String iterable, String condition, String value) {
        Reduce reduce = composition.reduce();
        boolean collects = reduce == Reduce.LIST || (reduce == Reduce.JOIN && composition.source() == Source.WORDS);
        String initial = switch (reduce) {
            case SUM, COUNT -> "0";
            case PRODUCT -> "1";
            case JOIN -> collects ? "[]" : "''";
            case LIST -> "[]";
            case MAX, MIN -> throw new IllegalStateException("an extreme is always an expression");
        };
        String update = switch (reduce) {
            case SUM -> "result += " + value;
            case COUNT -> "result += 1";
            case PRODUCT -> "result *= " + value;
            default -> collects ? "result.append(" + value + ")" : "result += " + value;
        };
        String indent = condition == null ? "        " : "            ";
        return "    result = " + initial + "\n"
                + "    for " + variable + " in " + iterable + ":\n"
                + (condition == null ? "" : "        if " + condition + ":\n")
                + indent + update + "\n"
                + "    return " + (reduce == Reduce.JOIN && collects ? separator() + ".join(result)" : "result") + "\n";
    }

    private String separator() {
        return composition.source() == Source.WORDS ? "' '" : "''";
    }

    /** Whether this task can be written as a loop (extremes are always one expression). */
    static boolean loopable(Composition composition) {
        return composition.reduce() != Reduce.MAX && composition.reduce() != Reduce.MIN;
    }
}
