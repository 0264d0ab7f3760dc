package netdisk.tools.cli;

import picocli.CommandLine;

/** The version shown by {@code --version}: the jar's implementation version when packaged. */
public final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = NetdiskCli.class.getPackage().getImplementationVersion();
        return new String[] {"netdisk " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
