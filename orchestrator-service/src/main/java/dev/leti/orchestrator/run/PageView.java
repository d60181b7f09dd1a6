package dev.leti.orchestrator.run;

import java.util.List;

/** One page of a list; {@code page} counts from 0. */
public record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

    public static <T> PageView<T> of(List<T> content, int page, int size, long total) {
        return new PageView<>(content, page, size, total, (int) ((total + size - 1) / size));
    }
}
