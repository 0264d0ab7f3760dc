package netdisk.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class BarChartTest {

    @Test
    void axisEndsOnARoundNumberAtOrAboveTheLargestValue() {
        assertThat(BarChart.niceCeiling(547.5)).isEqualTo(600);
        assertThat(BarChart.niceCeiling(39.4)).isEqualTo(40);
        assertThat(BarChart.niceCeiling(100)).isEqualTo(100);
        assertThat(BarChart.niceCeiling(0)).isEqualTo(1);
    }

    @Test
    void escapesLabelsAndShowsACaseWithoutVerifiedRuns() throws Exception {
        String svg = BarChart.svg("a <b> & \"c\"", "MB/s", List.of(
                new BarChart.Bar("x & y", "s<1>", 10, 8, 12),
                new BarChart.Bar("none", "s<1>", Double.NaN, Double.NaN, Double.NaN)));
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(svg).contains("x &amp; y").contains("no verified run");
    }
}
