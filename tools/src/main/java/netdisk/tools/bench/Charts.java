package netdisk.tools.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * The benches' charts, drawn with JFreeChart and written as PNG and SVG: lines of a measure
 * against a link parameter (the lab), and bars of medians (the UDP-against-TCP bench).
 */
public final class Charts {

    /** Colours that stay apart for the colour-blind (Tableau 10). */
    private static final Color[] PALETTE = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0x59a14f),
            new Color(0xe15759), new Color(0x76b7b2), new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7),
            new Color(0x9c755f), new Color(0xbab0ac)};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private Charts() {}

    /** One point of a line. */
    public record Point(double x, double y) {}

    /**
     * Lines, one per series, in the order given.
     *
     * @param logY a logarithmic value axis (for rates that span decades); points at or below 0 are left out
     */
    public static JFreeChart lines(String title, String subtitle, String xLabel, String yLabel, boolean logY,
            Map<String, List<Point>> series) {
        headless();
        XYSeriesCollection data = new XYSeriesCollection();
        for (var e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), true, false);
            for (Point p : e.getValue()) {
                if (!Double.isNaN(p.y()) && (!logY || p.y() > 0)) {
                    s.add(p.x(), p.y());
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        if (logY) {
            // LogarithmicAxis labels 1, 2, 3 … 10, 20 … where LogAxis would print 630.957.
            LogarithmicAxis axis = new LogarithmicAxis(yLabel);
            axis.setStrictValuesFlag(false);
            axis.setAutoRangeNextLogFlag(true);
            plot.setRangeAxis(axis);
        }
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        // A little room left of 0: points at loss 0 or delay 0 would otherwise sit on the axis.
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0.03);
        x.setUpperMargin(0.03);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        plot.setRenderer(renderer);
        style(chart, subtitle);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return chart;
    }

    /** One bar. */
    public record Bar(String label, String series, double value) {}

    /** Horizontal bars, coloured by series, in the order given. */
    public static JFreeChart bars(String title, String subtitle, String valueLabel, List<Bar> bars) {
        headless();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<String, Integer> seriesOrder = new LinkedHashMap<>();
        for (Bar b : bars) {
            seriesOrder.putIfAbsent(b.series(), seriesOrder.size());
            data.addValue(Double.isNaN(b.value()) ? null : b.value(), b.series(), b.label());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel, data, PlotOrientation.HORIZONTAL, true,
                false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0); // one series per label: the bar keeps its full height
        for (int i = 0; i < seriesOrder.size(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        style(chart, subtitle);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return chart;
    }

    private static void style(JFreeChart chart, String subtitle) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        if (subtitle != null && !subtitle.isEmpty()) {
            TextTitle sub = new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            chart.addSubtitle(sub);
        }
    }

    /** Writes {@code base}.png and {@code base}.svg; returns both paths. */
    public static List<Path> write(JFreeChart chart, Path base) throws IOException {
        return write(chart, base, WIDTH, HEIGHT);
    }

    public static List<Path> write(JFreeChart chart, Path base, int width, int height) throws IOException {
        Path png = base.resolveSibling(base.getFileName() + ".png");
        Path svg = base.resolveSibling(base.getFileName() + ".svg");
        writePng(chart, png, width, height);
        writeSvg(chart, svg, width, height);
        return List.of(png, svg);
    }

    public static void writePng(JFreeChart chart, Path file, int width, int height) throws IOException {
        mkdirs(file);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }

    public static void writeSvg(JFreeChart chart, Path file, int width, int height) throws IOException {
        mkdirs(file);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
    }

    /** Writes the format the file name asks for: .png or .svg. */
    public static void writeByExtension(JFreeChart chart, Path file, int width, int height) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            writePng(chart, file, width, height);
        } else if (name.endsWith(".svg")) {
            writeSvg(chart, file, width, height);
        } else {
            throw new IllegalArgumentException("a chart is written as .png or .svg, not " + file.getFileName());
        }
    }

    private static void mkdirs(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** Charts need no display: AWT must not look for one (set before AWT loads its toolkit). */
    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
