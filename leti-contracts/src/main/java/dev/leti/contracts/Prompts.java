package dev.leti.contracts;

import java.util.List;

/**
 * The suite's prompt conventions per problem format, in one place: the orchestrator builds
 * prompts with them, the generator stops on them, and the tiny base model is pre-trained
 * on documents of the same shape.
 */
public final class Prompts {

    private static final List<String> MBPP_STOPS = List.of("\nassert ", "\n\"\"\"", "\nif __name__", "\nprint(");
    private static final List<String> HUMANEVAL_STOPS = List.of("\ndef ", "\nclass ", "\nif __name__", "\nprint(", "\n#");

    private Prompts() {
    }

    /**
     * LeTI's MBPP prompt: a docstring holding the problem's description and its first test
     * assert; the model continues with the program.
     */
    public static String mbpp(String description, String firstTestAssert) {
        return "\"\"\"\n" + description.strip() + "\n" + firstTestAssert.strip() + "\n\"\"\"\n";
    }

    /** Where generation of a program for a problem of this format ends. */
    public static List<String> stopSequences(ProblemFormat format) {
        return format == ProblemFormat.HUMANEVAL ? HUMANEVAL_STOPS : MBPP_STOPS;
    }
}
