package netdisk.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import netdisk.services.client.RemoteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netdisk ls [--json]}: your files on the server. */
@Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List your files on the server: name, size, modified (local time).",
                "--json prints {\"files\":[{\"name\":..,\"size\":<bytes>,\"modified\":\"<ISO-8601 UTC>\"}]} for scripts."})
final class LsCommand implements Callable<Integer> {

    /**
     * Made on first use, not when the class loads: picocli builds every command at start, and
     * an ObjectMapper costs every command, `tftp get` included, 40 ms of class loading.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Machine-readable output (sizes in bytes, times in UTC).")
    boolean json;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    LsCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        List<RemoteFile> files;
        try (SessionContext session = SessionContext.open(env)) {
            try {
                files = session.client().list(session.token());
            } catch (ControlException e) {
                throw session.explain(e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(files));
        } else if (files.isEmpty()) {
            spec.commandLine().getErr().println("no files yet: `netdisk put FILE` uploads one");
        } else {
            table(out, files, ZoneId.systemDefault());
        }
        return ExitCodes.OK;
    }

    static String json(List<RemoteFile> files) throws java.io.IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode array = root.putArray("files");
        for (RemoteFile f : files) {
            array.addObject().put("name", f.name()).put("size", f.size()).put("modified", f.modified().toString());
        }
        return Json.MAPPER.writeValueAsString(root);
    }

    /** NAME left-aligned, SIZE right-aligned, MODIFIED: columns as wide as their longest cell. */
    static void table(PrintWriter out, List<RemoteFile> files, ZoneId zone) {
        int nameWidth = "NAME".length();
        int sizeWidth = "SIZE".length();
        for (RemoteFile f : files) {
            nameWidth = Math.max(nameWidth, f.name().length());
            sizeWidth = Math.max(sizeWidth, Units.bytes(f.size()).length());
        }
        String row = "%-" + nameWidth + "s  %" + sizeWidth + "s  %s%n";
        out.printf(row, "NAME", "SIZE", "MODIFIED");
        long total = 0;
        for (RemoteFile f : files) {
            out.printf(row, f.name(), Units.bytes(f.size()), LOCAL_TIME.format(f.modified().atZone(zone)));
            total += f.size();
        }
        out.printf("%d file%s, %s%n", files.size(), files.size() == 1 ? "" : "s", Units.bytes(total));
    }
}
