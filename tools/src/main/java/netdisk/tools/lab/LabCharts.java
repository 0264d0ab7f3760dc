package netdisk.tools.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import netdisk.tools.bench.Charts;
import org.jfree.chart.JFreeChart;

/**
 * The lab's charts: goodput against loss (one line per case, log scale), wire overhead against
 * loss, and goodput against delay, each for every group of settings that differ only in that
 * parameter. PNG and SVG.
 */
final class LabCharts {

    private LabCharts() {}

    static List<Path> write(LabReport report, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        String subtitle = subtitle(report.environment());
        Map<LinkSetting, List<CaseResult>> byLoss = groups(report, s -> s.down().withLoss(0).equals(s.up().withLoss(0))
                && s.symmetricLossPercent() >= 0 && !s.down().burst().any(), s -> with(s, p -> p.withLoss(0)));
        for (var group : byLoss.entrySet()) {
            if (distinct(group.getValue(), r -> r.setting().symmetricLossPercent()) < 2) {
                continue;
            }
            String suffix = byLoss.size() > 1 ? "-" + slug(group.getKey(), "loss") : "";
            String where = byLoss.size() > 1 ? " (" + rest(group.getKey(), "loss") + ")" : "";
            JFreeChart goodput = Charts.lines("Goodput against loss" + where, subtitle, "random loss each way (%)",
                    "MB/s (log scale)", true, series(group.getValue(), r -> r.setting().symmetricLossPercent(),
                            r -> r.goodput().median()));
            written.addAll(Charts.write(goodput, dir.resolve("goodput-vs-loss" + suffix)));
            JFreeChart wire = Charts.lines("Bytes on the wire per byte of file, against loss" + where, subtitle,
                    "random loss each way (%)", "wire bytes / file bytes", false,
                    series(group.getValue(), r -> r.setting().symmetricLossPercent(), CaseResult::wireRatio));
            written.addAll(Charts.write(wire, dir.resolve("wire-vs-loss" + suffix)));
        }
        Map<LinkSetting, List<CaseResult>> byDelay = groups(report,
                s -> s.down().delayMillis() == s.up().delayMillis(), s -> with(s, p -> p.withDelay(0)));
        for (var group : byDelay.entrySet()) {
            if (distinct(group.getValue(), r -> r.setting().rttMillis()) < 2) {
                continue;
            }
            String suffix = byDelay.size() > 1 ? "-" + slug(group.getKey(), "rtt") : "";
            String where = byDelay.size() > 1 ? " (" + rest(group.getKey(), "rtt") + ")" : "";
            JFreeChart goodput = Charts.lines("Goodput against round-trip time" + where, subtitle, "round trip (ms)",
                    "MB/s (log scale)", true, series(group.getValue(), r -> r.setting().rttMillis(),
                            r -> r.goodput().median()));
            written.addAll(Charts.write(goodput, dir.resolve("goodput-vs-delay" + suffix)));
        }
        return written;
    }

    private static LinkSetting with(LinkSetting s, Function<PathImpairment, PathImpairment> f) {
        return new LinkSetting(f.apply(s.down()), f.apply(s.up()));
    }

    /** Results of the settings that pass {@code eligible}, grouped by what they share. */
    private static Map<LinkSetting, List<CaseResult>> groups(LabReport report, java.util.function.Predicate<LinkSetting> eligible,
            Function<LinkSetting, LinkSetting> key) {
        Map<LinkSetting, List<CaseResult>> groups = new LinkedHashMap<>();
        for (CaseResult r : report.results()) {
            if (eligible.test(r.setting())) {
                groups.computeIfAbsent(key.apply(r.setting()), k -> new ArrayList<>()).add(r);
            }
        }
        return groups;
    }

    private static long distinct(List<CaseResult> results, ToDoubleFunction<CaseResult> x) {
        return results.stream().mapToDouble(x).distinct().count();
    }

    /** One line per case that ran; a point only where some run completed. */
    private static Map<String, List<Charts.Point>> series(List<CaseResult> results, ToDoubleFunction<CaseResult> x,
            ToDoubleFunction<CaseResult> y) {
        Map<String, List<Charts.Point>> series = new LinkedHashMap<>();
        for (CaseResult r : results) {
            if (!r.ran()) {
                continue;
            }
            series.computeIfAbsent(r.labCase().id(), k -> new ArrayList<>())
                    .add(new Charts.Point(x.applyAsDouble(r), y.applyAsDouble(r)));
        }
        return series;
    }

    /** The group's label without the swept parameter (and without a loss of 0): "rtt 10 ms". */
    private static String rest(LinkSetting key, String swept) {
        List<String> parts = java.util.Arrays.stream(key.label().split(", "))
                .filter(p -> !p.startsWith(swept + " ") && !p.equals("loss 0 %")).toList();
        return parts.isEmpty() ? "clean" : String.join(", ", parts);
    }

    private static String slug(LinkSetting key, String swept) {
        return rest(key, swept).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String subtitle(LabReport.Environment e) {
        String s = String.format(Locale.ROOT, "%s, %d run(s) per point (median); kernel link lab (%s), %d CPUs; "
                + "a missing point: no run completed", bytes(e.fileSize()), e.runs(), e.topology().toLowerCase(Locale.ROOT),
                e.cpus());
        if (e.emulatorCeiling() != null) {
            s += String.format(Locale.ROOT, "; link emulator ceiling %.0f packets/s", e.emulatorCeiling());
        }
        return s;
    }

    private static String bytes(long n) {
        return n % (1 << 20) == 0 ? (n >> 20) + " MiB file" : n + "-byte file";
    }
}
