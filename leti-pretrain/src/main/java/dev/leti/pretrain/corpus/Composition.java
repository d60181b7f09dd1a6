package dev.leti.pretrain.corpus;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One kind of small programming task: keep some elements of a source, transform each, reduce
 * them ("the sum of the even numbers in a list, each squared"). Tasks of one composition differ
 * only in their constants, names and test inputs; the built-in problems and the pre-training
 * corpus are drawn from disjoint sets of compositions.
 */
record Composition(Source source, Filter filter, Transform transform, Reduce reduce) {

    private static final Set<Transform> CASE_CHANGES = EnumSet.of(Transform.UPPER, Transform.LOWER, Transform.SWAPPED);

    /** Every meaningful composition, in a fixed order. */
    static List<Composition> all() {
        List<Composition> all = new ArrayList<>();
        for (Source source : Source.values()) {
            for (Filter filter : Filter.values()) {
                for (Transform transform : Transform.values()) {
                    for (Reduce reduce : Reduce.values()) {
                        Composition composition = new Composition(source, filter, transform, reduce);
                        if (composition.meaningful()) {
                            all.add(composition);
                        }
                    }
                }
            }
        }
        return all;
    }

    private boolean meaningful() {
        ElementKind kind = source.kind();
        if (!filter.appliesTo(kind) || !transform.appliesTo(kind)) {
            return false;
        }
        boolean numericResult = transform.numeric(kind);
        boolean fitsReduce = switch (reduce) {
            case COUNT -> transform == Transform.IDENTITY;
            case SUM, MAX, MIN -> numericResult;
            case PRODUCT -> kind == ElementKind.NUMBER;
            case LIST -> true;
            case JOIN -> kind != ElementKind.NUMBER && !numericResult;
        };
        return fitsReduce && !redundant();
    }

    /** Compositions that are another composition in disguise, or whose answer needs no loop. */
    private boolean redundant() {
        boolean nonNegativeSource = source == Source.RANGE || source == Source.DIGITS;
        if (nonNegativeSource && (filter == Filter.POSITIVE || filter == Filter.NEGATIVE
                || transform == Transform.ABSOLUTE)) {
            return true;
        }
        // The smallest kept number from 1 to n does not depend on n.
        if (source == Source.RANGE && (reduce == Reduce.MIN || filter == Filter.NONE
                && transform == Transform.IDENTITY && (reduce == Reduce.MAX || reduce == Reduce.COUNT))) {
            return true;
        }
        // The absolute value of a number already known to be positive is the number itself.
        if (transform == Transform.ABSOLUTE && (filter == Filter.POSITIVE || filter == Filter.GREATER)) {
            return true;
        }
        // Words of exactly k letters all have length k.
        if (filter == Filter.SIZED && transform == Transform.LENGTH) {
            return true;
        }
        // Swapping the case of letters of one case is changing it to the other.
        if (transform == Transform.SWAPPED && (filter == Filter.CAPITAL || filter == Filter.SMALL)) {
            return true;
        }
        // Changing the case of a digit, of an uppercase letter to upper or a lowercase one to lower does nothing.
        return CASE_CHANGES.contains(transform) && (filter == Filter.DIGIT
                || (filter == Filter.CAPITAL && transform == Transform.UPPER)
                || (filter == Filter.SMALL && transform == Transform.LOWER));
    }

    /** The function name a task of this composition gets before any prefix: "sum_squares_even_list". */
    String baseName() {
        StringJoiner name = new StringJoiner("_");
        for (String word : List.of(reduce.nameWord(), transform.nameWord(), filter.nameWord(), source.nameWord())) {
            if (!word.isEmpty()) {
                name.add(word);
            }
        }
        return name.toString();
    }

    /** A stable, readable key: "LIST/EVEN/SQUARE/SUM". */
    String key() {
        return source + "/" + filter + "/" + transform + "/" + reduce;
    }
}
