package dev.leti.local.report;

import java.util.ArrayList;
import java.util.List;

/** A table rendered either for the console (aligned columns) or as Markdown; both from the same rows. */
public final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public String console() {
        int[] widths = new int[headers.size()];
        for (List<String> line : all()) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : all()) {
            for (int i = 0; i < line.size(); i++) {
                out.append("  ").append(pad(line.get(i), widths[i]));
            }
            out.append(System.lineSeparator());
            if (line == headers) {
                for (int i = 0; i < widths.length; i++) {
                    out.append("  ").append("-".repeat(widths[i]));
                }
                out.append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", headers)).append(" |\n");
        out.append("|").append("---|".repeat(headers.size())).append("\n");
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    private List<List<String>> all() {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        return all;
    }

    private static String pad(String cell, int width) {
        return cell + " ".repeat(width - cell.length());
    }
}
