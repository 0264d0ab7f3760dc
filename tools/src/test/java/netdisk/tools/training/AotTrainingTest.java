package netdisk.tools.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher keeps a start-up cache only when the training's every step worked: a command
 * that broke (or a copy that differs) must fail the training, not train a cache on an error path.
 */
class AotTrainingTest {

    @Test
    void everyStepWorksAgainstARealServerOnLoopbackAndNothingIsLeftBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingFolders(tmp);

        assertThat(AotTraining.train(3 << 20)).as("failed steps").isZero();

        assertThat(trainingFolders(tmp)).as("training folders left in " + tmp).isEqualTo(before);
    }

    private static long trainingFolders(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("netdisk-aot-training")).count();
        }
    }

    @Test
    void aStepThatFailsOrACopyThatDiffersOrIsMissingFailsTheTraining(@TempDir Path dir) throws IOException {
        Path original = Files.write(dir.resolve("original"), new byte[] {1, 2, 3});
        Path same = Files.write(dir.resolve("same"), new byte[] {1, 2, 3});
        Path other = Files.write(dir.resolve("other"), new byte[] {1, 2, 4});
        AotTraining.Step works = () -> 0;
        AotTraining.Step breaks = () -> 1;

        assertThat(AotTraining.failures(List.of(works, works), original, List.of(same))).isZero();
        assertThat(AotTraining.failures(List.of(works, breaks), original, List.of(same))).isEqualTo(1);
        assertThat(AotTraining.failures(List.of(works), original, List.of(same, other))).isEqualTo(1);
        assertThat(AotTraining.failures(List.of(works), original, List.of(dir.resolve("missing")))).isEqualTo(1);
    }
}
