package dev.leti.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TableTest {

    private final Table table = new Table(List.of("iteration", "pass@1")).row(List.of("0 (base)", "0.125"))
            .row(List.of("1", "0.250"));

    @Test
    void consoleColumnsAreAligned() {
        assertThat(table.console().lines().toList()).containsExactly(
                "  iteration  pass@1",
                "  ---------  ------",
                "  0 (base)   0.125 ",
                "  1          0.250 ");
    }

    @Test
    void markdownHasAHeaderSeparator() {
        assertThat(table.markdown()).isEqualTo("""
                | iteration | pass@1 |
                |---|---|
                | 0 (base) | 0.125 |
                | 1 | 0.250 |
                """);
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        assertThatThrownBy(() -> table.row(List.of("2"))).isInstanceOf(IllegalArgumentException.class);
    }
}
