package netdisk.tools.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one lab run measures.
 *
 * @param size bytes of the random file every case moves
 * @param runs runs per case and setting (median and range reported)
 * @param settings the link settings, in the order they are measured
 * @param cases the cases, run on every setting
 * @param runTimeout a run that has not ended by then is killed and counts as failed
 * @param out where the report (JSON, CSV, charts, logs) goes; null: only the table on stdout
 * @param skipHopeless whether a case that failed every run at one loss is skipped at higher
 *     losses of the same delay (it cannot do better there, and each failure costs a whole timeout)
 */
public record LabPlan(long size, int runs, List<LinkSetting> settings, List<LabCase> cases, Duration runTimeout,
        Path out, boolean skipHopeless) {

    public LabPlan {
        settings = List.copyOf(settings);
        cases = List.copyOf(cases);
        if (size < 1) {
            throw new IllegalArgumentException("the file must have at least one byte");
        }
        if (runs < 1 || runs > 50) {
            throw new IllegalArgumentException("--runs must be 1..50");
        }
        if (settings.isEmpty() || cases.isEmpty()) {
            throw new IllegalArgumentException("a lab needs at least one setting and one case");
        }
    }

    public boolean needsEmulator() {
        return settings.stream().anyMatch(LinkSetting::needsEmulator);
    }

    public boolean needsRate() {
        return settings.stream().anyMatch(s -> s.down().rateBitsPerSecond() > 0 || s.up().rateBitsPerSecond() > 0);
    }

    /** One topology for the whole run, so that every row went the same way. */
    public LabNetwork.Topology topology() {
        return settings.stream().anyMatch(LinkSetting::needsMiddle) ? LabNetwork.Topology.ROUTED
                : LabNetwork.Topology.DIRECT;
    }
}
