package netdisk.services.accounts;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A test seam inside {@link ExcelUserRegistry}'s write: called at each step between writing the
 * temporary file and renaming it into place. A test throws from it to simulate a failed write
 * (an {@link IOException}: the registry cleans up and reports it) or a crash (an {@link Error}:
 * nothing is cleaned up, as when the process dies there).
 */
interface RegistryWriteHook {

    RegistryWriteHook NONE = (step, temp) -> {};

    /** Where the write has got to. */
    enum Step {
        /** The new workbook is complete and forced to disk in the temporary file. */
        TEMP_WRITTEN,
        /** The previous workbook has been copied to {@code users.xlsx.bak}. */
        BACKED_UP
    }

    void reached(Step step, Path temp) throws IOException;
}
