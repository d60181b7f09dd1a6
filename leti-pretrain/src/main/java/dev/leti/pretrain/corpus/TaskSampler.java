package dev.leti.pretrain.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Draws concrete tasks of a composition and test inputs for them, all from one seeded {@link Random}. */
final class TaskSampler {

    private static final List<String> LEADS = List.of("Write a function to", "Write a python function to");
    private static final List<String> NAME_PREFIXES = List.of("", "", "find_", "get_", "compute_");
    private static final String SAME_CHAR_LETTERS = "aeolstnr";
    private static final String INITIALS = "bcdfmpst";
    private static final String ENDINGS = "sedtyn";
    private static final String INNER_LETTERS = "aeoir";
    private static final List<String> WORDS = List.of(
            "apple", "banana", "cat", "dog", "tree", "house", "river", "stone", "bird", "sun", "moon", "star",
            "table", "chair", "bread", "milk", "road", "car", "train", "boat", "city", "town", "park", "green",
            "blue", "red", "yellow", "happy", "quick", "slow", "bright", "dark", "cold", "warm", "little", "big",
            "music", "paper", "pencil", "window", "door", "garden", "flower", "summer", "winter", "spring",
            "mountain", "forest", "ocean", "desert", "cloud", "rain", "snow", "wind", "fire", "water", "earth",
            "light", "night", "day", "time", "year", "friend", "family", "school", "teacher", "student",
            "book", "story", "letter", "number", "python", "code", "data", "list", "string", "value", "test",
            "sky", "fox", "egg", "ink", "owl", "ice", "art", "map", "pen", "cup");

    private final Random random;

    TaskSampler(Random random) {
        this.random = random;
    }

    /**
     * A task of the composition. Problems get the plain base name and the expression style;
     * corpus documents vary the name prefix and the style so the model learns to copy the name
     * from the test assert rather than to recall it.
     */
    Task task(Composition composition, boolean varied) {
        String prefix = varied ? pick(NAME_PREFIXES) : "";
        Task.Style style = varied && Task.loopable(composition) && random.nextInt(3) == 0
                ? Task.Style.LOOP : Task.Style.EXPRESSION;
        return new Task(composition, filterArgument(composition), transformArgument(composition.transform()),
                prefix + composition.baseName(), pick(composition.source().parameterNames()), style, pick(LEADS));
    }

    private String filterArgument(Composition composition) {
        Filter filter = composition.filter();
        return switch (filter) {
            case GREATER, LESS -> String.valueOf(composition.source() == Source.DIGITS ? between(2, 7) : between(2, 12));
            case MULTIPLE, NON_MULTIPLE -> String.valueOf(between(3, 5));
            case LONGER -> String.valueOf(between(2, 5));
            case SHORTER -> String.valueOf(between(4, 6));
            case SIZED -> String.valueOf(between(3, 5));
            case SAME_CHAR -> letter(SAME_CHAR_LETTERS);
            case STARTING -> letter(INITIALS);
            case ENDING -> letter(ENDINGS);
            case CONTAINING -> letter(INNER_LETTERS);
            default -> "";
        };
    }

    private String transformArgument(Transform transform) {
        return switch (transform) {
            case TIMES -> String.valueOf(between(2, 5));
            case PLUS -> String.valueOf(between(1, 9));
            case MODULO -> String.valueOf(between(2, 7));
            default -> "";
        };
    }

    /** Python literals for the task's single argument. */
    List<String> inputs(Task task, int count) {
        List<String> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inputs.add(input(task.composition()));
        }
        return inputs;
    }

    private String input(Composition composition) {
        boolean product = composition.reduce() == Reduce.PRODUCT;
        return switch (composition.source()) {
            case LIST -> numberList(composition, product);
            case RANGE -> String.valueOf(product ? between(3, 8) : between(4, 15));
            case DIGITS -> String.valueOf(between(1, 9)) + digits(between(3, 7));
            case CHARS -> quoted(phrase(between(1, 3), true));
            case WORDS -> quoted(phrase(between(3, 6), false));
        };
    }

    private String numberList(Composition composition, boolean product) {
        boolean signed = composition.filter() == Filter.NEGATIVE || composition.filter() == Filter.POSITIVE
                || composition.transform() == Transform.ABSOLUTE || random.nextInt(4) == 0;
        int low = signed ? -9 : 0;
        int high = product ? 9 : 25;
        int size = product ? between(3, 5) : between(4, 7);
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(String.valueOf(between(low, high)));
        }
        return "[" + String.join(", ", values) + "]";
    }

    private String phrase(int wordCount, boolean withDigits) {
        List<String> words = new ArrayList<>(wordCount);
        for (int i = 0; i < wordCount; i++) {
            String word = pick(WORDS);
            if (random.nextInt(3) == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            if (withDigits && random.nextInt(3) == 0) {
                word = word + digits(between(1, 3));
            }
            words.add(word);
        }
        return String.join(" ", words);
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }

    private String letter(String letters) {
        return String.valueOf(letters.charAt(random.nextInt(letters.length())));
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
