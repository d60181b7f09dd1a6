package dev.leti.pretrain.corpus;

/** How a task combines the kept, transformed elements into its result. */
enum Reduce {
    SUM("find the sum of the {np}", "sum"),
    PRODUCT("find the product of the {np}", "product"),
    MAX("find the largest of the {np}", "max"),
    MIN("find the smallest of the {np}", "min"),
    COUNT("count the {np}", "count"),
    LIST("return a list of the {np}", "list"),
    JOIN("join the {np} into a string", "join");

    private final String phrase;
    private final String nameWord;

    Reduce(String phrase, String nameWord) {
        this.phrase = phrase;
        this.nameWord = nameWord;
    }

    String phrase(String nounPhrase, ElementKind kind) {
        String text = this == JOIN && kind == ElementKind.WORD ? "join the {np} with spaces" : phrase;
        return text.replace("{np}", nounPhrase);
    }

    String nameWord() {
        return nameWord;
    }

    /** Whether the result needs numeric elements (a sum, a product, an extreme). */
    boolean numeric() {
        return this == SUM || this == PRODUCT || this == MAX || this == MIN;
    }
}
