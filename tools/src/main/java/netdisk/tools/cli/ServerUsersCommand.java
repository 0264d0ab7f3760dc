package netdisk.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import netdisk.services.server.RegisteredUsers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netdisk server users --data DIR [--remove NAME [--keep-files]]}: the registry, for the server's owner. */
@Command(name = "users", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List the registered users of a data folder, on the server's machine: name, created, last "
                + "login, files and bytes (read from the Excel registry; never a password). Safe while the server "
                + "runs.",
                "With --remove, remove one user and their files; refused while a server runs on the folder "
                        + "(it would write the user back)."})
final class ServerUsersCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "netdisk-data",
            description = "The server's data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--remove", paramLabel = "NAME", description = "Remove this user (any case) and their files.")
    String remove;

    @Option(names = "--keep-files", description = "With --remove: move the user's folder to DIR/kept/NAME-TIME instead of deleting it.")
    boolean keepFiles;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (keepFiles && remove == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--keep-files goes with --remove NAME");
        }
        if (!Files.isDirectory(data)) {
            throw new CliFailure(ExitCodes.NOT_FOUND, "no data folder at " + data + " (give the server's --data)");
        }
        if (remove != null) {
            if (!RegisteredUsers.remove(data, remove, keepFiles)) {
                throw new CliFailure(ExitCodes.NOT_FOUND, "no user called " + remove + " in " + data);
            }
            out.println("removed " + remove + (keepFiles ? "; their files are kept in " + data.resolve("users")
                    : " and their files"));
            return ExitCodes.OK;
        }
        List<RegisteredUsers.Entry> users = RegisteredUsers.list(data);
        if (users.isEmpty()) {
            out.println("no users registered in " + data);
            return ExitCodes.OK;
        }
        int width = Math.max(4, users.stream().mapToInt(u -> u.name().length()).max().orElse(4));
        String row = "%-" + width + "s  %-16s  %-16s  %6s  %10s%n";
        out.printf(row, "NAME", "CREATED (UTC)", "LAST LOGIN (UTC)", "FILES", "BYTES");
        for (RegisteredUsers.Entry u : users) {
            out.printf(row, u.name(), when(u.created()), u.lastLogin().map(ServerUsersCommand::when).orElse("never"),
                    u.files(), Units.bytes(u.bytes()));
        }
        out.println(Units.count(users.size(), "user"));
        return ExitCodes.OK;
    }

    private static String when(Instant t) {
        return WHEN.format(t);
    }
}
