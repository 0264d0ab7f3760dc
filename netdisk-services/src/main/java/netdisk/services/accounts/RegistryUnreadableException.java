package netdisk.services.accounts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The registry workbook exists but cannot be used: not a workbook, no {@code users} sheet, a
 * wrong header, a bad row. The server must stop rather than start with fewer users, and the file
 * is left exactly as it was, for a person to repair or to restore from {@code users.xlsx.bak}.
 */
public final class RegistryUnreadableException extends IOException {

    private final transient Path file;

    public RegistryUnreadableException(Path file, String problem) {
        this(file, problem, null);
    }

    public RegistryUnreadableException(Path file, String problem, Throwable cause) {
        super("user registry " + file + " cannot be used: " + problem + ". The file was not modified;"
                + " repair it or restore " + file.getFileName() + ".bak, then start again.", cause);
        this.file = Objects.requireNonNull(file);
    }

    public Path file() {
        return file;
    }
}
