package dev.leti.pretrain.corpus;

import java.util.List;

/** Where a task's elements come from: the function's single argument, viewed one way. */
enum Source {
    LIST(ElementKind.NUMBER, "numbers", "in a list", "list", "{p}", List.of("lst", "nums", "arr", "numbers")),
    RANGE(ElementKind.NUMBER, "numbers", "from 1 to n", "to_n", "range(1, {p} + 1)", List.of("n", "num", "limit")),
    DIGITS(ElementKind.NUMBER, "digits", "of a number", "digits", "[int(d) for d in str({p})]", List.of("n", "num", "number")),
    CHARS(ElementKind.CHARACTER, "characters", "of a string", "str", "{p}", List.of("s", "text", "string", "word")),
    WORDS(ElementKind.WORD, "words", "of a sentence", "sentence", "{p}.split()", List.of("s", "text", "sentence", "line"));

    private final ElementKind kind;
    private final String noun;
    private final String where;
    private final String nameWord;
    private final String pythonTemplate;
    private final List<String> parameterNames;

    Source(ElementKind kind, String noun, String where, String nameWord, String pythonTemplate,
           List<String> parameterNames) {
        this.kind = kind;
        this.noun = noun;
        this.where = where;
        this.nameWord = nameWord;
        this.pythonTemplate = pythonTemplate;
        this.parameterNames = parameterNames;
    }

    ElementKind kind() {
        return kind;
    }

    /** The plural noun for the elements before any filter: "numbers", "digits", ... */
    String noun() {
        return noun;
    }

    /** The phrase that closes the noun phrase: "in a list", "of a string". */
    String where() {
        return where;
    }

    String nameWord() {
        return nameWord;
    }

    /** The Python iterable over the elements, given the parameter's name. */
    String python(String parameter) {
        return pythonTemplate.replace("{p}", parameter);
    }

    List<String> parameterNames() {
        return parameterNames;
    }
}
