package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab starts netdisk as {@code ./netdisk} does, short-command JVM options included. */
class NetdiskLauncherTest {

    private final NetdiskLauncher plain = new NetdiskLauncher(Path.of("java"), Path.of("netdisk.jar"), List.of());

    @Test
    void aCommandThatMovesFilesRunsOnTheSerialCollectorAndKeepsC2() {
        assertThat(plain.command("get", "f", "g")).containsExactly("java", "-XX:+UseSerialGC", "-jar", "netdisk.jar",
                "get", "f", "g");
    }

    @Test
    void aCommandThatMovesNoFilesRunsOnC1AndTheSerialCollector() {
        assertThat(plain.command("ls")).containsExactly("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                "netdisk.jar", "ls");
    }

    @Test
    void theServerAndTheBenchKeepTheDefaultJvm() {
        assertThat(plain.command("server", "--port", "0")).containsExactly("java", "-jar", "netdisk.jar", "server",
                "--port", "0");
        assertThat(plain.command("bench")).containsExactly("java", "-jar", "netdisk.jar", "bench");
    }

    @Test
    void aCollectorInTheOptionsIsLeftAlone() {
        NetdiskLauncher g1 = new NetdiskLauncher(Path.of("java"), Path.of("netdisk.jar"), List.of("-XX:+UseG1GC"));
        assertThat(g1.command("login", "x")).containsExactly("java", "-XX:TieredStopAtLevel=1", "-XX:+UseG1GC", "-jar",
                "netdisk.jar", "login", "x");
    }

    @Test
    void theStartupCacheTheLauncherGaveThisJvmIsGivenToEveryProcess() {
        List<String> running = List.of("-XX:AOTCache=/x/netdisk.aot", "-Xlog:aot*=off", "-Xlog:cds*=off", "-Xmx1g",
                "-XX:+UseSerialGC", "-Dfoo=bar");
        assertThat(NetdiskLauncher.startupArchiveOptions(running))
                .containsExactly("-XX:AOTCache=/x/netdisk.aot", "-Xlog:aot*=off", "-Xlog:cds*=off");
        assertThat(NetdiskLauncher.startupArchiveOptions(List.of("-XX:SharedArchiveFile=/x/netdisk.jsa", "-Xlog:cds*=off")))
                .containsExactly("-XX:SharedArchiveFile=/x/netdisk.jsa", "-Xlog:cds*=off");
        assertThat(NetdiskLauncher.startupArchiveOptions(List.of("-Xmx64m", "-Xlog:gc", "-Xlog:cds=info:file=x.log",
                "-Xlog:aot*=debug"))).isEmpty();
    }
}
