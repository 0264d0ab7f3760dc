package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netdisk bench} runs the UDP-against-TCP bench; {@code netdisk bench peers} is still there. */
class BenchCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return NetdiskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void benchAloneComparesUdpWithTcpAndWritesTheChart() throws Exception {
        Path chart = dir.resolve("charts/bench.svg");
        int code = run("bench", "--size", "64KiB", "--runs", "1", "--blksize", "512", "--markdown", "--chart",
                chart.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("| direction | path | blksize |").contains("| get | TCP |")
                .contains("| put | UDP windowed | 512 | 64 |").contains("chart: " + chart);
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        assertThat(factory.newDocumentBuilder().parse(chart.toFile()).getDocumentElement().getTagName()).isEqualTo("svg");
    }

    @Test
    void refusesAChartFormatItCannotWrite() {
        assertThat(run("bench", "--chart", dir.resolve("bench.pdf").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--chart must name a .svg or .png file");
    }

    @Test
    void peersIsASubcommand() {
        assertThat(run("bench", "peers", "--help")).isZero();
        assertThat(out.toString()).contains("tftpd-hpa");
    }

    @Test
    void refusesASizeItCannotRead() {
        assertThat(run("bench", "--size", "lots")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("not a size");
    }

    @Test
    void refusesABlockSizeOutsideRfc2348() {
        assertThat(run("bench", "--blksize", "4")).isNotZero();
        assertThat(err.toString()).contains("blksize");
    }
}
