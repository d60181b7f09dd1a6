package dev.leti.local.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * pass@1 against gradient steps, one series per feedback mode: a plain-text chart for the console
 * and the Markdown report, and the same as SVG. The x axis runs from 0 to the most steps of any
 * series; the y axis from the lowest to the highest pass@1, widened to multiples of 0.05.
 *
 * @param title  the chart's title
 * @param series mode to its points in order (iteration 0 first), in the order to show them
 */
public record StepsChart(String title, Map<String, List<Point>> series) {

    /** Columns and rows of the text chart's plotting area. */
    static final int WIDTH = 60;
    static final int HEIGHT = 15;
    /** The mark where points of several series fall on one character. */
    static final char SEVERAL = '*';

    static final int SVG_WIDTH = 640;
    static final int SVG_HEIGHT = 360;
    static final int SVG_LEFT = 60;
    static final int SVG_RIGHT = 130;
    static final int SVG_TOP = 30;
    static final int SVG_BOTTOM = 50;

    private static final double Y_STEP = 0.05;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    /** One evaluated iteration: cumulative gradient steps and pass@1. */
    public record Point(int iteration, double steps, double passAt1) {
    }

    public double maxSteps() {
        return points().stream().mapToDouble(Point::steps).max().orElse(0);
    }

    public double yMin() {
        double min = points().stream().mapToDouble(Point::passAt1).min().orElse(0);
        return Math.max(0, Math.floor(min / Y_STEP + 1e-9) * Y_STEP);
    }

    public double yMax() {
        double max = points().stream().mapToDouble(Point::passAt1).max().orElse(1);
        double top = Math.min(1, Math.ceil(max / Y_STEP - 1e-9) * Y_STEP);
        return top > yMin() ? top : yMin() + Y_STEP;
    }

    /** The character column (0 = the y axis side) of a step count. */
    int column(double steps) {
        double max = maxSteps();
        return max <= 0 ? 0 : (int) Math.round(steps / max * (WIDTH - 1));
    }

    /** The character row (0 = top) of a pass@1. */
    int row(double passAt1) {
        double fraction = (passAt1 - yMin()) / (yMax() - yMin());
        return HEIGHT - 1 - (int) Math.round(Math.max(0, Math.min(1, fraction)) * (HEIGHT - 1));
    }

    /** The plotting area: a space, a series' letter (its name's first), or {@link #SEVERAL}. */
    char[][] grid() {
        char[][] grid = new char[HEIGHT][WIDTH];
        for (char[] line : grid) {
            Arrays.fill(line, ' ');
        }
        series.forEach((name, points) -> {
            char mark = letter(name);
            for (Point point : points) {
                int r = row(point.passAt1());
                int c = column(point.steps());
                grid[r][c] = grid[r][c] == ' ' || grid[r][c] == mark ? mark : SEVERAL;
            }
        });
        return grid;
    }

    public String ascii() {
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder("  ").append(title).append(nl);
        char[][] grid = grid();
        String middleLabel = label((yMin() + yMax()) / 2);
        for (int r = 0; r < HEIGHT; r++) {
            String yLabel = r == 0 ? label(yMax()) : r == HEIGHT - 1 ? label(yMin()) : r == HEIGHT / 2 ? middleLabel : "";
            out.append(String.format(Locale.ROOT, "%7s |", yLabel)).append(new String(grid[r]).stripTrailing()).append(nl);
        }
        out.append(" ".repeat(8)).append('+').append("-".repeat(WIDTH)).append(nl);
        char[] xLabels = new char[WIDTH + 9];
        Arrays.fill(xLabels, ' ');
        place(xLabels, 9, "0");
        String middle = steps(maxSteps() / 2);
        place(xLabels, 9 + (WIDTH - 1) / 2 - middle.length() / 2, middle);
        String max = steps(maxSteps());
        place(xLabels, 9 + WIDTH - max.length(), max);
        out.append(new String(xLabels).stripTrailing()).append(nl);
        out.append(" ".repeat(9 + WIDTH / 2 - 7)).append("gradient steps").append(nl);
        List<String> legend = new ArrayList<>();
        series.keySet().forEach(name -> legend.add(letter(name) + " " + name));
        legend.add(SEVERAL + " several modes on one point");
        out.append("  ").append(String.join("   ", legend)).append(nl);
        return out.toString();
    }

    /** x position of a step count in the SVG. */
    double svgX(double steps) {
        double max = maxSteps();
        return SVG_LEFT + (max <= 0 ? 0 : steps / max) * (SVG_WIDTH - SVG_LEFT - SVG_RIGHT);
    }

    /** y position of a pass@1 in the SVG. */
    double svgY(double passAt1) {
        double fraction = (passAt1 - yMin()) / (yMax() - yMin());
        return SVG_HEIGHT - SVG_BOTTOM - Math.max(0, Math.min(1, fraction)) * (SVG_HEIGHT - SVG_TOP - SVG_BOTTOM);
    }

    public String svg() {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", SVG_WIDTH, SVG_HEIGHT,
                SVG_WIDTH, SVG_HEIGHT));
        svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "  <text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", SVG_LEFT,
                escape(title)));
        double left = SVG_LEFT;
        double right = SVG_WIDTH - SVG_RIGHT;
        double bottom = SVG_HEIGHT - SVG_BOTTOM;
        svg.append(String.format(Locale.ROOT, "  <path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"black\"/>%n",
                left, (double) SVG_TOP, bottom, right));
        for (int i = 0; i <= 4; i++) {
            double value = yMin() + i * (yMax() - yMin()) / 4;
            double y = svgY(value);
            svg.append(String.format(Locale.ROOT, "  <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"#ddd\"/>%n", left, y, right, y));
            svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    left - 6, y + 4, label(value)));
        }
        for (int i = 0; i <= 2; i++) {
            double steps = maxSteps() * i / 2;
            svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    svgX(steps), bottom + 16, steps(steps)));
        }
        svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">gradient steps</text>%n",
                (left + right) / 2, bottom + 36));
        svg.append(String.format(Locale.ROOT, "  <text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %.1f)\">pass@1</text>%n", (SVG_TOP + bottom) / 2, (SVG_TOP + bottom) / 2));
        int index = 0;
        for (Map.Entry<String, List<Point>> entry : series.entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder line = new StringBuilder();
            for (Point point : entry.getValue()) {
                line.append(line.isEmpty() ? "" : " ")
                        .append(String.format(Locale.ROOT, "%.1f,%.1f", svgX(point.steps()), svgY(point.passAt1())));
            }
            svg.append(String.format(Locale.ROOT, "  <g data-series=\"%s\" stroke=\"%s\" fill=\"%s\">%n",
                    escape(entry.getKey()), colour, colour));
            svg.append("    <polyline fill=\"none\" stroke-width=\"2\" points=\"").append(line).append("\"/>\n");
            for (Point point : entry.getValue()) {
                svg.append(String.format(Locale.ROOT, "    <circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\">"
                                + "<title>%s iteration %d: %s steps, pass@1 %.3f</title></circle>%n",
                        svgX(point.steps()), svgY(point.passAt1()), escape(entry.getKey()), point.iteration(),
                        steps(point.steps()), point.passAt1()));
            }
            svg.append("  </g>\n");
            double legendY = SVG_TOP + 10 + 20 * index;
            svg.append(String.format(Locale.ROOT, "  <rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    right + 16, legendY - 10, colour));
            svg.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%.1f\">%s</text>%n", right + 34, legendY,
                    escape(entry.getKey())));
            index++;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private List<Point> points() {
        return series.values().stream().flatMap(List::stream).toList();
    }

    private static char letter(String name) {
        return name.isEmpty() ? '?' : Character.toUpperCase(name.charAt(0));
    }

    private static String label(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String steps(double steps) {
        return String.format(Locale.ROOT, "%.0f", steps);
    }

    private static void place(char[] line, int from, String text) {
        for (int i = 0; i < text.length() && from + i < line.length; i++) {
            if (from + i >= 0) {
                line[from + i] = text.charAt(i);
            }
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
