package dev.leti.pretrain.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Assigns every composition one {@link Role}. Compositions whose programs share a skeleton
 * (the same code up to names and constants, e.g. counting the elements of a list or of a
 * string) form one unit and always share a role, so no problem's solution appears, renamed, in
 * the corpus or in the other split. Units are shuffled per source with a fixed seed and cut
 * by fixed fractions, so every source shows up in all three roles.
 */
final class CompositionSplit {

    static final long SEED = 20261124L;
    static final double TEST_FRACTION = 0.13;
    static final double TRAIN_FRACTION = 0.26;

    private CompositionSplit() {
    }

    static Map<Composition, Role> roles() {
        Map<Composition, Role> roles = new LinkedHashMap<>();
        Random random = new Random(SEED);
        for (Source source : Source.values()) {
            List<List<Composition>> units = new ArrayList<>(unitsOf(source).values());
            Collections.shuffle(units, random);
            int test = (int) Math.round(units.size() * TEST_FRACTION);
            int train = (int) Math.round(units.size() * TRAIN_FRACTION);
            for (int i = 0; i < units.size(); i++) {
                Role role = i < test ? Role.TEST : i < test + train ? Role.TRAIN : Role.CORPUS;
                units.get(i).forEach(composition -> roles.put(composition, role));
            }
        }
        return roles;
    }

    /** The compositions of one role, in a fixed order. */
    static List<Composition> withRole(Role role) {
        return roles().entrySet().stream().filter(entry -> entry.getValue() == role).map(Map.Entry::getKey).toList();
    }

    /**
     * Compositions grouped by skeleton. A unit belongs to the source of its first composition, so
     * a skeleton shared across sources is cut once.
     */
    private static Map<String, List<Composition>> unitsOf(Source source) {
        Map<String, List<Composition>> all = new LinkedHashMap<>();
        for (Composition composition : Composition.all()) {
            all.computeIfAbsent(skeleton(composition), key -> new ArrayList<>()).add(composition);
        }
        Map<String, List<Composition>> ofSource = new LinkedHashMap<>();
        all.forEach((skeleton, unit) -> {
            if (unit.get(0).source() == source) {
                ofSource.put(skeleton, unit);
            }
        });
        return ofSource;
    }

    private static String skeleton(Composition composition) {
        Task canonical = new Task(composition, "1", "1", "f", "p", Task.Style.EXPRESSION, "");
        return CodeSkeleton.of(canonical.program());
    }

    /** How many compositions each role got, for the documentation. */
    static Map<Role, Integer> counts() {
        Map<Role, Integer> counts = new EnumMap<>(Role.class);
        roles().values().forEach(role -> counts.merge(role, 1, Integer::sum));
        return counts;
    }
}
