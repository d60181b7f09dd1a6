package dev.leti.pretrain.corpus;

/** What a task does to each kept element before reducing. {@code {v}}: element, {@code {k}}: argument. */
enum Transform {
    IDENTITY(null, false, true, "", "", "{v}"),
    SQUARE(ElementKind.NUMBER, false, true, ", each squared", "squares", "{v} * {v}"),
    CUBE(ElementKind.NUMBER, false, true, ", each cubed", "cubes", "{v} ** 3"),
    TIMES(ElementKind.NUMBER, true, true, ", each multiplied by {k}", "scaled", "{v} * {k}"),
    PLUS(ElementKind.NUMBER, true, true, ", each increased by {k}", "shifted", "{v} + {k}"),
    ABSOLUTE(ElementKind.NUMBER, false, true, ", each replaced by its absolute value", "abs", "abs({v})"),
    MODULO(ElementKind.NUMBER, true, true, ", each taken modulo {k}", "mod", "{v} % {k}"),
    UPPER(ElementKind.CHARACTER, false, false, ", each uppercased", "upper", "{v}.upper()"),
    LOWER(ElementKind.CHARACTER, false, false, ", each lowercased", "lower", "{v}.lower()"),
    DOUBLED(ElementKind.CHARACTER, false, false, ", each doubled", "doubled", "{v} * 2"),
    SWAPPED(ElementKind.CHARACTER, false, false, ", each with its case swapped", "swapped", "{v}.swapcase()"),
    SHOUTED(ElementKind.WORD, false, false, ", each uppercased", "upper", "{v}.upper()"),
    CAPITALIZED(ElementKind.WORD, false, false, ", each capitalized", "capitalized", "{v}.capitalize()"),
    REVERSED(ElementKind.WORD, false, false, ", each reversed", "reversed", "{v}[::-1]"),
    INITIAL(ElementKind.WORD, false, false, ", each replaced by its first letter", "initials", "{v}[0]"),
    FINAL(ElementKind.WORD, false, false, ", each replaced by its last letter", "last_letters", "{v}[-1]"),
    LENGTH(ElementKind.WORD, false, true, ", each replaced by its length", "lengths", "len({v})");

    private final ElementKind kind;
    private final boolean takesNumber;
    private final boolean numeric;
    private final String suffix;
    private final String nameWord;
    private final String pythonTemplate;

    Transform(ElementKind kind, boolean takesNumber, boolean numeric, String suffix, String nameWord,
              String pythonTemplate) {
        this.kind = kind;
        this.takesNumber = takesNumber;
        this.numeric = numeric;
        this.suffix = suffix;
        this.nameWord = nameWord;
        this.pythonTemplate = pythonTemplate;
    }

    /** Whether this transform applies to elements of the given kind ({@link #IDENTITY} applies to all). */
    boolean appliesTo(ElementKind elementKind) {
        return kind == null || kind == elementKind;
    }

    boolean takesNumber() {
        return takesNumber;
    }

    /** Whether the result is a number for every input kind it applies to ({@link #IDENTITY}: see caller). */
    boolean numeric(ElementKind elementKind) {
        return this == IDENTITY ? elementKind == ElementKind.NUMBER : numeric;
    }

    String suffix(String argumentValue) {
        return suffix.replace("{k}", String.valueOf(argumentValue));
    }

    String nameWord() {
        return nameWord;
    }

    String python(String variable, String argumentValue) {
        return pythonTemplate.replace("{v}", variable).replace("{k}", String.valueOf(argumentValue));
    }
}
