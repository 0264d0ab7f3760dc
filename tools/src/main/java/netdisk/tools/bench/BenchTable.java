package netdisk.tools.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of already-formatted cells, printed aligned for a terminal or as Markdown for
 * docs/benchmarks.md. Numeric columns are right-aligned in both.
 *
 * @param header column titles
 * @param numeric which columns hold numbers (right-aligned); same length as header
 */
public record BenchTable(List<String> header, List<Boolean> numeric, List<List<String>> rows) {

    public BenchTable {
        header = List.copyOf(header);
        numeric = List.copyOf(numeric);
        rows = rows.stream().map(List::copyOf).toList();
        int columns = header.size();
        if (numeric.size() != columns || rows.stream().anyMatch(r -> r.size() != columns)) {
            throw new IllegalArgumentException("every row needs one cell per column: " + header);
        }
    }

    /** Columns padded to their widest cell, two spaces apart. */
    public String text() {
        int[] widths = new int[header.size()];
        for (List<String> line : lines()) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> line : lines()) {
            StringBuilder l = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String pad = " ".repeat(widths[c] - line.get(c).length());
                l.append(c == 0 ? "" : "  ").append(numeric.get(c) ? pad + line.get(c) : line.get(c) + pad);
            }
            sb.append(l.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** A GitHub-flavoured Markdown table. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (boolean n : numeric) {
            sb.append(n ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }

    private List<List<String>> lines() {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }

    /** Convenience for building {@link #numeric}: {@code flags(false, false, true)}. */
    public static List<Boolean> flags(Boolean... numeric) {
        return Arrays.asList(numeric);
    }
}
