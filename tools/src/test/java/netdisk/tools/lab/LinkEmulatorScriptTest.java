package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The link emulator's decisions (linkem.py), without a TUN device: its Direction class driven by
 * a small Python harness with a fixed seed. Needs python3; skipped with a message without it.
 */
class LinkEmulatorScriptTest {

    private static final String HARNESS = """
            import importlib.util, json, sys
            spec = importlib.util.spec_from_file_location("linkem", sys.argv[1])
            m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
            out = {}
            d = m.Direction("down", "burst=5:4,seed=7", 1)
            lost = [d.lose() for _ in range(400000)]
            bursts, run = [], 0
            for x in lost:
                if x: run += 1
                elif run: bursts.append(run); run = 0
            out["lossRate"] = sum(lost) / len(lost)
            out["meanBurst"] = sum(bursts) / len(bursts)
            out["longestBurst"] = max(bursts)
            d = m.Direction("down", "delay=5,jitter=3,seed=1", 1)
            for i in range(2000): d.admit(bytes([i % 256]), i * 0.0001)
            due = d.due(1.0)
            out["jitterKeepsOrder"] = [p[0] for p in due] == [i % 256 for i in range(2000)]
            d = m.Direction("down", "delay=1,reorder=10,seed=3", 1)
            for i in range(1000): d.admit(i.to_bytes(2, "big"), i * 0.00001)
            order = [int.from_bytes(p, "big") for p in d.due(10.0)]
            out["reorderedShare"] = d.reordered / 1000
            out["outOfOrder"] = sum(1 for a, b in zip(order, order[1:]) if b < a)
            out["allDelivered"] = sorted(order) == list(range(1000))
            d = m.Direction("down", "delay=2", 1)
            d.admit(b"x", 10.0)
            out["notBeforeItsTime"] = d.due(10.0019) == [] and d.due(10.002) == [b"x"]
            v4 = bytes([0x45]) + bytes(15) + bytes([10, 77, 2, 1])
            v6 = bytes([0x60]) + bytes(23) + bytes(range(16))
            out["v4"] = list(m.destination(v4)); out["v6"] = list(m.destination(v6)); out["junk"] = m.destination(b"\\x10")
            print(json.dumps(out))
            """;

    private static Path script;

    @BeforeAll
    static void findTheScript() throws Exception {
        Assumptions.assumeTrue(Executables.find("python3").isPresent(), () -> {
            System.err.println("python3 not installed — skipping the link emulator's tests (apt-get install python3)");
            return "python3 not installed";
        });
        script = Path.of(LinkEmulatorScriptTest.class.getResource("/netdisk/tools/lab/linkem.py").toURI());
    }

    private static JsonNode run() throws Exception {
        Process p = new ProcessBuilder("python3", "-c", HARNESS, script.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return new ObjectMapper().readTree(out);
    }

    @Test
    void burstLossLosesTheAskedShareInBurstsOfTheAskedMeanLength() throws Exception {
        JsonNode r = run();
        assertThat(r.path("lossRate").asDouble()).isBetween(0.045, 0.055);
        assertThat(r.path("meanBurst").asDouble()).isBetween(3.6, 4.4);
        assertThat(r.path("longestBurst").asInt()).isGreaterThan(10);
    }

    @Test
    void jitterDelaysWithoutReorderingAndReorderDoes() throws Exception {
        JsonNode r = run();
        assertThat(r.path("jitterKeepsOrder").asBoolean()).isTrue();
        assertThat(r.path("reorderedShare").asDouble()).isBetween(0.07, 0.13);
        assertThat(r.path("outOfOrder").asInt()).isPositive();
        assertThat(r.path("allDelivered").asBoolean()).isTrue();
        assertThat(r.path("notBeforeItsTime").asBoolean()).isTrue();
    }

    @Test
    void tellsDirectionsByTheDestinationOfIpv4AndIpv6Packets() throws Exception {
        JsonNode r = run();
        assertThat(r.path("v4").toString()).isEqualTo("[10,77,2,1]");
        assertThat(r.path("v6").size()).isEqualTo(16);
        assertThat(r.path("junk").isNull()).isTrue();
    }
}
