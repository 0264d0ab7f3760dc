package netdisk.tools.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import netdisk.tools.bench.BenchTable;
import netdisk.tools.bench.Rates;

/**
 * What a lab run found: the table a person reads, and JSON and CSV for everything else.
 *
 * @param environment where and how it was measured
 * @param results one per setting and case, in the order measured
 */
public record LabReport(Environment environment, List<CaseResult> results) {

    public LabReport {
        results = List.copyOf(results);
    }

    /**
     * Where the numbers come from.
     *
     * @param emulatorCeiling packets per second the link emulator forwards at most; null without it
     */
    public record Environment(String date, String kernel, int cpus, String java, String netdisk, String topology,
            long fileSize, int runs, long runTimeoutSeconds, Double emulatorCeiling, String command) {}

    private static final List<String> HEADER = List.of("setting", "case", "MB/s", "min–max", "in JVM", "ok", "wire ×",
            "pkts data/back", "lost", "resent", "timeouts", "CPU s/MB client", "CPU s/MB server", "note");

    /** The whole table, one line per setting and case. */
    public BenchTable table() {
        List<List<String>> rows = new ArrayList<>();
        for (CaseResult r : results) {
            rows.add(row(r));
        }
        return new BenchTable(HEADER, BenchTable.flags(false, false, true, true, true, true, true, true, true, true,
                true, true, true, false), rows);
    }

    static List<String> row(CaseResult r) {
        String setting = r.setting().label();
        if (!r.ran()) {
            return List.of(setting, r.labCase().id(), "–", "–", "–", "–", "–", "–", "–", "–", "–", "–", "–",
                    "not run: " + r.notRun());
        }
        Rates g = r.goodput();
        String note = r.allFailed() ? "fails: " + r.errors() : r.errors() == null ? "" : "failed runs: " + r.errors();
        if (r.emulatorCeiling() != null) {
            note = (note.isEmpty() ? "" : note + "; ") + "emulator ceiling " + count(r.emulatorCeiling()) + " pkt/s";
        }
        return List.of(setting, r.labCase().id(), number(g.median(), 1),
                g.count() == 0 ? "–" : number(g.min(), 1) + "–" + number(g.max(), 1), number(r.transferRate(), 1),
                r.goodRuns() + "/" + r.runs().size(), number(r.wireRatio(), 3),
                count(r.dataPackets()) + "/" + count(r.returnPackets()), count(r.lostPackets()), count(r.resent()),
                count(r.timeouts()), number(r.clientCpuPerMegabyte(), 4), number(r.serverCpuPerMegabyte(), 4), note);
    }

    /** What the columns mean, printed under the table. */
    public static String legend() {
        return """
                MB/s: 10^6 bytes per second, file size over the wall time of the whole client process (start to exit), \
                median and range of the runs that completed bit-exact (SHA-256). in JVM: the rate netdisk's client itself \
                reports, from its first request to the verified file (without the JVM's start and the login). \
                ok: such runs / runs. \
                wire ×: IP bytes on the link in both directions per byte of the file. \
                pkts: packets in the file's direction / the other way. lost: packets the link lost (loss rules, \
                emulator, bottleneck queue). All of these are counted by the kernels of both namespaces (nftables), \
                not by the programs measured. resent: netdisk's own count from both sides' summaries for its UDP cases, \
                the kernel's TCP RetransSegs for TCP cases, – for stock TFTP peers. CPU: user + system seconds per MB \
                of the file, the client process and the server's process tree.""";
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.set("environment", mapper.valueToTree(environment));
        ArrayNode list = root.putArray("results");
        for (CaseResult r : results) {
            ObjectNode n = list.addObject();
            n.put("setting", r.setting().label());
            n.set("link", mapper.valueToTree(r.setting()));
            n.put("case", r.labCase().id());
            n.put("description", r.labCase().description());
            if (!r.ran()) {
                n.put("notRun", r.notRun());
                continue;
            }
            Rates g = r.goodput();
            ObjectNode s = n.putObject("summary");
            put(s, "goodRuns", r.goodRuns());
            put(s, "runs", r.runs().size());
            put(s, "medianMBps", g.median());
            put(s, "minMBps", g.min());
            put(s, "maxMBps", g.max());
            put(s, "transferMBpsReportedByClient", r.transferRate());
            put(s, "wireBytesPerFileByte", r.wireRatio());
            put(s, "dataPackets", r.dataPackets());
            put(s, "returnPackets", r.returnPackets());
            put(s, "lostPackets", r.lostPackets());
            put(s, "resent", r.resent());
            put(s, "timeouts", r.timeouts());
            put(s, "udpReceiveBufferDrops", r.receiveBufferDrops());
            put(s, "clientCpuSecondsPerMB", r.clientCpuPerMegabyte());
            put(s, "serverCpuSecondsPerMB", r.serverCpuPerMegabyte());
            if (r.emulatorCeiling() != null) {
                put(s, "emulatorCeilingPacketsPerSecond", r.emulatorCeiling());
            }
            if (r.errors() != null) {
                s.put("errors", r.errors());
            }
            ArrayNode runs = n.putArray("runs");
            for (RunResult run : r.runs()) {
                ObjectNode o = mapper.valueToTree(run);
                o.put("megabytesPerSecond", run.megabytesPerSecond(r.fileSize()));
                runs.add(sanitize(o));
            }
        }
        try {
            return mapper.writeValueAsString(sanitize(root)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    /** JSON has no NaN: an unknown number is null. */
    private static ObjectNode sanitize(ObjectNode node) {
        node.properties().forEach(e -> {
            if (e.getValue().isDouble() && Double.isNaN(e.getValue().doubleValue())) {
                node.putNull(e.getKey());
            } else if (e.getValue() instanceof ObjectNode o) {
                sanitize(o);
            } else if (e.getValue() instanceof ArrayNode a) {
                a.forEach(x -> {
                    if (x instanceof ObjectNode o) {
                        sanitize(o);
                    }
                });
            }
        });
        return node;
    }

    private static void put(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    /** One line per setting and case, the summary columns. */
    public String csv() {
        List<Function<CaseResult, Object>> columns = List.of(r -> r.setting().label(),
                r -> r.setting().down().lossPercent(), r -> r.setting().up().lossPercent(),
                r -> r.setting().rttMillis(), r -> r.setting().down().rateBitsPerSecond(), r -> r.labCase().id(),
                r -> r.ran() ? r.goodRuns() : "", r -> r.ran() ? r.runs().size() : "",
                r -> r.goodput().median(), r -> r.goodput().min(), r -> r.goodput().max(), CaseResult::transferRate,
                CaseResult::wireRatio,
                CaseResult::dataPackets, CaseResult::returnPackets, CaseResult::lostPackets, CaseResult::resent,
                CaseResult::timeouts, CaseResult::receiveBufferDrops, CaseResult::clientCpuPerMegabyte,
                CaseResult::serverCpuPerMegabyte, r -> r.emulatorCeiling() == null ? "" : r.emulatorCeiling(),
                r -> r.ran() ? (r.errors() == null ? "" : r.errors()) : "not run: " + r.notRun());
        StringBuilder csv = new StringBuilder("setting,loss_down_pct,loss_up_pct,rtt_ms,rate_down_bps,case,good_runs,runs,"
                + "median_MBps,min_MBps,max_MBps,client_reported_MBps,wire_bytes_per_file_byte,data_packets,return_packets,lost_packets,"
                + "resent,timeouts,udp_rcvbuf_drops,client_cpu_s_per_MB,server_cpu_s_per_MB,emulator_ceiling_pps,"
                + "note\n");
        for (CaseResult r : results) {
            List<String> cells = new ArrayList<>();
            for (var c : columns) {
                cells.add(cell(r.ran() || cells.size() < 6 || cells.size() == columns.size() - 1 ? c.apply(r) : ""));
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        return csv.toString();
    }

    private static String cell(Object v) {
        if (v instanceof Double d) {
            if (Double.isNaN(d)) {
                return "";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : new java.math.BigDecimal(d).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        }
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Writes report.json, report.csv, report.md and the charts into {@code dir}. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve("report.json"), json()));
        written.add(Files.writeString(dir.resolve("report.csv"), csv()));
        written.add(Files.writeString(dir.resolve("report.md"), markdown()));
        written.addAll(LabCharts.write(this, dir));
        return written;
    }

    /** The table in Markdown with the environment and the legend, for docs/benchmarks.md. */
    public String markdown() {
        Environment e = environment;
        StringBuilder md = new StringBuilder();
        md.append("`").append(e.command()).append("`\n\n");
        md.append(String.format(Locale.ROOT, "%s; Linux %s, %d CPUs, %s, netdisk %s; %s topology; file %d bytes, %d run(s) "
                + "per case, %d s limit per run", e.date(), e.kernel(), e.cpus(), e.java(), e.netdisk(), e.topology(),
                e.fileSize(), e.runs(), e.runTimeoutSeconds()));
        if (e.emulatorCeiling() != null) {
            md.append(String.format(Locale.ROOT, "; link emulator ceiling %s packets/s", count(e.emulatorCeiling())));
        }
        md.append(".\n\n").append(table().markdown()).append('\n').append(legend()).append('\n');
        return md.toString();
    }

    static String number(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String count(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }
}
