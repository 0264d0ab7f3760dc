package netdisk.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import netdisk.services.client.Via;
import netdisk.tools.bench.PathBench.Case;
import netdisk.tools.bench.PathBench.Direction;
import netdisk.tools.bench.PathBench.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The UDP-against-TCP bench run for real on a tiny file: it must measure every case it promises
 * and render them. A functional test: no rate is compared with anything but zero.
 */
class PathBenchTest {

    static final long SIZE = 256 * 1024;
    static final StringWriter log = new StringWriter();
    static List<Row> rows;

    @BeforeAll
    static void runTheBenchOnce() throws Exception {
        rows = new PathBench(SIZE, 1, List.of(512), 64, new PrintWriter(log, true)).run();
    }

    @Test
    void measuresDownloadsLockstepWindowedAndTcpThenUploadsWindowedAndTcp() {
        assertThat(rows).extracting(Row::bench).containsExactly(
                Case.udp(Direction.GET, 512, 1),
                Case.udp(Direction.GET, 512, 64),
                Case.tcp(Direction.GET),
                Case.udp(Direction.PUT, 512, 64),
                Case.tcp(Direction.PUT));
    }

    @Test
    void everyCaseHasAVerifiedRunWithAPositiveRate() {
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.rates().count()).as(row.bench().label()).isEqualTo(1);
            assertThat(row.attempted()).isEqualTo(1);
            assertThat(row.rates().median()).as(row.bench().label()).isPositive();
            assertThat(row.rates().min()).isEqualTo(row.rates().max()); // one run
        });
        assertThat(log.toString()).doesNotContain("failed");
    }

    @Test
    void tcpRowsCountNoRetransmissions() {
        assertThat(rows).filteredOn(r -> r.bench().via() == Via.TCP)
                .allSatisfy(r -> assertThat(r.retransmissions() + r.timeouts()).isZero());
    }

    @Test
    void tableHasOneLinePerCaseInTextAndMarkdown() {
        BenchTable table = PathBench.table(rows);
        String markdown = table.markdown();
        assertThat(markdown.lines()).hasSize(2 + rows.size());
        assertThat(markdown).contains("| get | UDP lockstep | 512 | 1 | ")
                .contains("| get | UDP windowed | 512 | 64 | ")
                .contains("| get | TCP | – | – | ")
                .contains("| put | UDP windowed | 512 | 64 | ")
                .contains("| put | TCP | – | – | ");
        assertThat(markdown.lines().skip(2)).allSatisfy(line -> assertThat(line).endsWith("| 1/1 |"));
        String text = table.text();
        assertThat(text.lines()).hasSize(1 + rows.size());
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("direction  path");
    }

    @Test
    void chartHasABarPerCaseAndIsWrittenAsSvgAndPng(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var chart = PathBench.chart(rows, SIZE, 1);
        var data = chart.getCategoryPlot().getDataset();
        assertThat(data.getColumnCount()).isEqualTo(rows.size());
        assertThat(data.getRowKeys()).containsExactly("UDP lockstep", "UDP windowed", "TCP");
        java.nio.file.Path svg = dir.resolve("c.svg");
        java.nio.file.Path png = dir.resolve("c.png");
        Charts.writeByExtension(chart, svg, 800, 400);
        Charts.writeByExtension(chart, png, 800, 400);
        String text = java.nio.file.Files.readString(svg);
        var factory = DocumentBuilderFactory.newInstance();
        // The SVG names the W3C's DTD; a test must not go to the network for it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(text).contains("get TCP").contains("put UDP blksize 512 w 64");
        var image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(400);
    }
}
