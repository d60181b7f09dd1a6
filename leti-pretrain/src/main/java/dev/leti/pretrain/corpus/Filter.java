package dev.leti.pretrain.corpus;

/**
 * Which elements a task keeps. {@code {v}} is the loop variable, {@code {k}} the filter's
 * argument (a number or a letter), {@code {noun}} the source's plural noun.
 */
enum Filter {
    NONE(null, Argument.NONE, "{noun}", "", "True"),
    EVEN(ElementKind.NUMBER, Argument.NONE, "even {noun}", "even", "{v} % 2 == 0"),
    ODD(ElementKind.NUMBER, Argument.NONE, "odd {noun}", "odd", "{v} % 2 == 1"),
    POSITIVE(ElementKind.NUMBER, Argument.NONE, "positive {noun}", "positive", "{v} > 0"),
    NEGATIVE(ElementKind.NUMBER, Argument.NONE, "negative {noun}", "negative", "{v} < 0"),
    GREATER(ElementKind.NUMBER, Argument.NUMBER, "{noun} greater than {k}", "greater", "{v} > {k}"),
    LESS(ElementKind.NUMBER, Argument.NUMBER, "{noun} less than {k}", "less", "{v} < {k}"),
    MULTIPLE(ElementKind.NUMBER, Argument.NUMBER, "{noun} divisible by {k}", "multiples", "{v} % {k} == 0"),
    NON_MULTIPLE(ElementKind.NUMBER, Argument.NUMBER, "{noun} not divisible by {k}", "non_multiples", "{v} % {k} != 0"),
    VOWEL(ElementKind.CHARACTER, Argument.NONE, "vowels", "vowels", "{v}.lower() in 'aeiou'"),
    CONSONANT(ElementKind.CHARACTER, Argument.NONE, "consonants", "consonants",
            "{v}.isalpha() and {v}.lower() not in 'aeiou'"),
    DIGIT(ElementKind.CHARACTER, Argument.NONE, "digits", "digit_chars", "{v}.isdigit()"),
    CAPITAL(ElementKind.CHARACTER, Argument.NONE, "uppercase letters", "capitals", "{v}.isupper()"),
    SMALL(ElementKind.CHARACTER, Argument.NONE, "lowercase letters", "small_letters", "{v}.islower()"),
    LETTER(ElementKind.CHARACTER, Argument.NONE, "letters", "letters", "{v}.isalpha()"),
    SAME_CHAR(ElementKind.CHARACTER, Argument.LETTER, "occurrences of '{k}'", "char_matches", "{v} == '{k}'"),
    LONGER(ElementKind.WORD, Argument.NUMBER, "words with more than {k} letters", "long_words", "len({v}) > {k}"),
    SHORTER(ElementKind.WORD, Argument.NUMBER, "words with fewer than {k} letters", "short_words", "len({v}) < {k}"),
    SIZED(ElementKind.WORD, Argument.NUMBER, "words with exactly {k} letters", "sized_words", "len({v}) == {k}"),
    STARTING(ElementKind.WORD, Argument.LETTER, "words starting with '{k}'", "words_starting", "{v}.startswith('{k}')"),
    ENDING(ElementKind.WORD, Argument.LETTER, "words ending with '{k}'", "words_ending", "{v}.endswith('{k}')"),
    CONTAINING(ElementKind.WORD, Argument.LETTER, "words containing '{k}'", "words_with", "'{k}' in {v}");

    /** The kind of argument a filter or transform carries. */
    enum Argument { NONE, NUMBER, LETTER }

    private final ElementKind kind;
    private final Argument argument;
    private final String phrase;
    private final String nameWord;
    private final String pythonTemplate;

    Filter(ElementKind kind, Argument argument, String phrase, String nameWord, String pythonTemplate) {
        this.kind = kind;
        this.argument = argument;
        this.phrase = phrase;
        this.nameWord = nameWord;
        this.pythonTemplate = pythonTemplate;
    }

    /** Whether this filter applies to elements of the given kind ({@link #NONE} applies to all). */
    boolean appliesTo(ElementKind elementKind) {
        return kind == null || kind == elementKind;
    }

    Argument argument() {
        return argument;
    }

    String phrase(String noun, String argumentValue) {
        return phrase.replace("{noun}", noun).replace("{k}", String.valueOf(argumentValue));
    }

    String nameWord() {
        return nameWord;
    }

    String python(String variable, String argumentValue) {
        return pythonTemplate.replace("{v}", variable).replace("{k}", String.valueOf(argumentValue));
    }
}
