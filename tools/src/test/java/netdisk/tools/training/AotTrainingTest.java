package netdisk.tools.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

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
}
