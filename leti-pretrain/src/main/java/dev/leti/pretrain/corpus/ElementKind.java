package dev.leti.pretrain.corpus;

/** What a task iterates over: whole numbers, the characters of a string, or the words of a sentence. */
enum ElementKind {
    NUMBER("x"),
    CHARACTER("c"),
    WORD("w");

    private final String variable;

    ElementKind(String variable) {
        this.variable = variable;
    }

    /** The loop variable the rendered Python uses for one element. */
    String variable() {
        return variable;
    }
}
