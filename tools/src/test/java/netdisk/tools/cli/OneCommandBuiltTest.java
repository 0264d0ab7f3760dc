package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A command run builds only itself (picocli building every command cost each command about
 * 100 ms of its start), and what the user sees does not change for it.
 */
class OneCommandBuiltTest {

    private final CliEnvironment env = CliEnvironment.system().withInterrupts(Interrupts.none());

    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertThat(built("get", "a.txt")).containsExactly("get");
        assertThat(built("tftp", "get", "host", "f")).containsExactly("tftp");
        assertThat(built("bench", "lab")).containsExactly("bench");
        assertThat(built("--version")).isEmpty();
        assertThat(built("-V")).isEmpty();
    }

    @Test
    void optionsHelpCompletionAndUnknownNamesGetEveryCommand() {
        Set<String> every = NetdiskCli.COMMANDS.stream()
                .map(c -> c.getAnnotation(Command.class).name()).collect(Collectors.toSet());
        assertThat(every).hasSize(NetdiskCli.COMMANDS.size());
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"--version", "get"},
                new String[] {"help", "get"}, new String[] {"completion"}, new String[] {"gett"})) {
            assertThat(built(args)).as(String.join(" ", args)).containsExactlyInAnyOrderElementsOf(every);
        }
    }

    @Test
    void everyCommandBuiltAloneHasTheUsageAndOptionsItHasAmongAll() {
        CommandLine all = NetdiskCli.commandLine(env);
        for (Map.Entry<String, CommandLine> entry : all.getSubcommands().entrySet()) {
            CommandLine alone = NetdiskCli.commandLine(env, new String[] {entry.getKey()}).getSubcommands()
                    .get(entry.getKey());
            assertThat(alone).as(entry.getKey()).isNotNull();
            assertThat(alone.getUsageMessage(CommandLine.Help.Ansi.OFF)).as(entry.getKey())
                    .isEqualTo(entry.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
    }

    private List<String> built(String... args) {
        return List.copyOf(NetdiskCli.commandLine(env, args).getSubcommands().keySet());
    }
}
