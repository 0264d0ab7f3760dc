package netdisk.tools.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code netdisk completion}: prints a completion script generated from the commands themselves. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Print a shell completion script (bash; zsh after `autoload -U +X bashcompinit && bashcompinit`).",
                "This shell:  source <(./netdisk completion)",
                "For good:    ./netdisk completion > ~/.local/share/bash-completion/completions/netdisk"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("netdisk", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
