package netdisk.tools.lab;

import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the lab starts netdisk in a namespace: the same JVM and jar as the running command, as a
 * process of its own ({@code java [NETDISK_JAVA_OPTS] -jar netdisk.jar ARGS}), exactly what
 * {@code ./netdisk} runs (start-up cache included), so its start-up is part of what is measured.
 *
 * @param java the java executable
 * @param jar the netdisk jar
 * @param jvmOptions options before {@code -jar}
 */
public record NetdiskLauncher(Path java, Path jar, List<String> jvmOptions) {

    public NetdiskLauncher {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The running JVM and the jar it runs; JVM options from {@code NETDISK_JAVA_OPTS}, as
     * {@code ./netdisk} reads them.
     *
     * @throws LabException when this JVM was not started from the netdisk jar (a test's classpath)
     */
    public static NetdiskLauncher ofRunningJar() throws LabException {
        Path java = Path.of(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path jar;
        try {
            jar = Path.of(NetdiskLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new LabException("cannot tell which jar runs this lab: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            throw new LabException("the lab runs netdisk from its jar, but this JVM runs from " + jar
                    + ": start it with ./netdisk bench lab");
        }
        List<String> options = new ArrayList<>(
                startupArchiveOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        options.addAll(environmentOptions());
        return new NetdiskLauncher(java, jar, options);
    }

    /**
     * The start-up cache or class-data archive {@code ./netdisk} gave this JVM ({@code
     * -XX:AOTCache=}, {@code -XX:SharedArchiveFile=} and the options that silence their logs),
     * so every process the lab starts maps it too, as each command a user runs does. A log the
     * user asked for ({@code -Xlog:cds=info:file=F}) is not passed on: every process would write
     * to the same file.
     */
    static List<String> startupArchiveOptions(List<String> inputArguments) {
        return inputArguments.stream()
                .filter(o -> o.startsWith("-XX:AOTCache=") || o.startsWith("-XX:SharedArchiveFile=")
                        || o.matches("-Xlog:(aot|cds)\\*?=off"))
                .toList();
    }

    /** The given jar with this JVM's java. */
    public static NetdiskLauncher of(Path jar) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new NetdiskLauncher(java, jar, environmentOptions());
    }

    private static List<String> environmentOptions() {
        String opts = Optional.ofNullable(System.getenv("NETDISK_JAVA_OPTS")).orElse("").strip();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }

    /** {@code java OPTS -jar JAR args...}. */
    public List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(shortCommandOptions(args, jvmOptions));
        command.addAll(jvmOptions);
        // ./netdisk runs Java in C.UTF-8 where the locale is not UTF-8; the lab's names are ASCII.
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /**
     * What {@code ./netdisk} adds for commands other than the server and the bench (see the
     * launcher's comment): the serial collector unless the options name one, and for commands
     * that move no file data the C1 compiler alone. Kept the same here, so the lab measures the
     * client a user runs.
     */
    static List<String> shortCommandOptions(List<String> args, List<String> jvmOptions) {
        String first = args.isEmpty() ? "" : args.get(0);
        if (first.equals("server") || first.equals("bench")) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        if (!List.of("get", "put", "tftp").contains(first)) {
            options.add("-XX:TieredStopAtLevel=1");
        }
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
            options.add("-XX:+UseSerialGC");
        }
        return options;
    }

    public List<String> command(String... args) {
        return command(List.of(args));
    }
}
