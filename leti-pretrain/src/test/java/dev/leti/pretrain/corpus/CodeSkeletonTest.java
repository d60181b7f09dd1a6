package dev.leti.pretrain.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeSkeletonTest {

    @Test
    void programsThatDifferOnlyInNamesAndConstantsShareASkeleton() {
        assertThat(CodeSkeleton.of("def f(lst):\n    return sum(x * x for x in lst if x > 3)\n"))
                .isEqualTo(CodeSkeleton.of("def total(nums):\n    return sum(n * n for n in nums if n > 17)\n"))
                .isEqualTo("def ID ( ID ) : return sum ( ID * ID for ID in ID if ID > N )");
    }

    @Test
    void builtinsAttributesAndOperatorsTellProgramsApart() {
        String base = CodeSkeleton.of("def f(s): return [c.upper() for c in s if c == 'a']");

        assertThat(CodeSkeleton.of("def f(s): return [c.lower() for c in s if c == 'a']")).isNotEqualTo(base);
        assertThat(CodeSkeleton.of("def f(s): return [c.upper() for c in s if c != 'a']")).isNotEqualTo(base);
        assertThat(CodeSkeleton.of("def f(s): return len([c.upper() for c in s if c == 'a'])")).isNotEqualTo(base);
        assertThat(CodeSkeleton.of("def g(t): return [d.upper() for d in t if d == 'e']")).isEqualTo(base);
    }

    @Test
    void aBodyLeavesOutTheDefinitionLine() {
        assertThat(CodeSkeleton.ofBody("def f(n):\n    return n + 1\n")).isEqualTo("return ID + N");
    }
}
