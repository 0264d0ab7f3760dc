package netdisk.tools.cli;

import picocli.CommandLine;

/** The version shown by {@code --version}: the jar's implementation version when packaged. */
public final class Version implements CommandLine.IVersionProvider {

    /** The jar's implementation version, or {@code null} in a development build. */
    String softwareVersion() {
        return NetdiskCli.class.getPackage().getImplementationVersion();
    }

    @Override
    public String[] getVersion() {
        String v = softwareVersion();
        return new String[] {"netdisk " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
