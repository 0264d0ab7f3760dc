package netdisk.tools.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A horizontal bar chart as SVG text: one bar per case (its median), a whisker from min to max,
 * colours by series with a legend. Written by hand so the bench needs no charting library; the
 * file renders in any browser and on GitHub.
 */
public final class BarChart {

    /** One bar: {@code value} is drawn, {@code low..high} is the whisker; NaN value: no bar. */
    public record Bar(String label, String series, double value, double low, double high) {}

    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"};
    private static final int LABEL_WIDTH = 260;
    private static final int PLOT_WIDTH = 480;
    private static final int WIDTH = LABEL_WIDTH + PLOT_WIDTH + 90;
    private static final int TOP = 62;
    private static final int ROW = 22;
    private static final int TICKS = 5;

    private BarChart() {}

    public static String svg(String title, String unit, List<Bar> bars) {
        Map<String, String> colours = new LinkedHashMap<>();
        for (Bar bar : bars) {
            colours.computeIfAbsent(bar.series(), s -> PALETTE[colours.size() % PALETTE.length]);
        }
        double top = niceCeiling(bars.stream().mapToDouble(b -> Double.isNaN(b.high()) ? b.value() : b.high())
                .filter(v -> !Double.isNaN(v)).max().orElse(1));
        int plotBottom = TOP + bars.size() * ROW;
        int height = plotBottom + 40;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">", WIDTH, height, WIDTH, height));
        lines.add(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>", WIDTH, height));
        lines.add(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>",
                escape(title)));
        int x = 10;
        for (var entry : colours.entrySet()) {
            lines.add(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"32\" width=\"12\" height=\"12\" fill=\"%s\"/>", x,
                    entry.getValue()));
            lines.add(String.format(Locale.ROOT, "<text x=\"%d\" y=\"42\">%s</text>", x + 16, escape(entry.getKey())));
            x += 28 + 7 * entry.getKey().length();
        }
        for (int t = 0; t <= TICKS; t++) {
            double v = top * t / TICKS;
            double gx = LABEL_WIDTH + PLOT_WIDTH * v / top;
            lines.add(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", gx,
                    TOP - 4, gx, plotBottom));
            lines.add(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", gx,
                    plotBottom + 16, top >= 10 ? String.format(Locale.ROOT, "%.0f", v) : number(v)));
        }
        lines.add(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LABEL_WIDTH + PLOT_WIDTH / 2, plotBottom + 34, escape(unit)));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = TOP + i * ROW;
            lines.add(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    LABEL_WIDTH - 8, y + 15, escape(bar.label())));
            if (Double.isNaN(bar.value())) {
                lines.add(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">no verified run</text>", LABEL_WIDTH + 4,
                        y + 15));
                continue;
            }
            double w = PLOT_WIDTH * bar.value() / top;
            lines.add(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    LABEL_WIDTH, y + 3, w, ROW - 6, colours.get(bar.series())));
            if (!Double.isNaN(bar.low()) && !Double.isNaN(bar.high()) && bar.high() > bar.low()) {
                double x1 = LABEL_WIDTH + PLOT_WIDTH * bar.low() / top;
                double x2 = LABEL_WIDTH + PLOT_WIDTH * bar.high() / top;
                lines.add(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-width=\"1.5\"/>", x1,
                        y + ROW / 2, x2, y + ROW / 2));
            }
            double textX = LABEL_WIDTH + PLOT_WIDTH * Math.max(bar.value(), Double.isNaN(bar.high()) ? 0 : bar.high())
                    / top + 6;
            lines.add(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", textX, y + 15,
                    number(bar.value())));
        }
        lines.add("</svg>");
        return String.join("\n", lines) + "\n";
    }

    /** The axis end: the smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) at or above {@code max}. */
    static double niceCeiling(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, v >= 100 || v == 0 ? "%.0f" : "%.1f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
