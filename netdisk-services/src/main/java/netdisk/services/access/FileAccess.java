package netdisk.services.access;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import netdisk.services.accounts.Accounts;
import netdisk.services.accounts.Session;
import netdisk.services.storage.InvalidNameException;
import netdisk.services.storage.Quota;
import netdisk.services.storage.Storage;

/**
 * Who may reach which files: the start of every file operation of the netdisk server, whichever
 * transport carries it ({@code tftp.NetdiskRequestHandler} for UDP, {@code control.ControlHandler}
 * for TCP). Two steps, so that each transport can tell a bad token from a folder that cannot be
 * opened: {@link #authenticate}, then {@link #filesOf} that session; anonymous callers get
 * {@link #publicFiles}.
 *
 * <p>Thread-safe and without state of its own: uploads in progress are held in the {@link
 * Storage}'s reservations, shared by every instance over that storage.
 */
public final class FileAccess {

    private final Accounts accounts;
    private final Storage storage;
    private final Quota quota;

    public FileAccess(Accounts accounts, Storage storage, Quota quota) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.quota = Objects.requireNonNull(quota, "quota");
    }

    /**
     * The live session of {@code token} presented from {@code client}, if there is one: a token
     * is bound to the address that logged in (TFTP carries it in clear text).
     */
    public Optional<Session> authenticate(String token, InetAddress client) {
        return accounts.authenticate(token, client);
    }

    /**
     * The files of an authenticated session's user: their folder, reads and writes.
     *
     * @throws InvalidNameException when the user's name makes no folder name
     * @throws IOException when the folder cannot be opened (or created, if it went missing)
     */
    public Caller filesOf(Session session) throws IOException, InvalidNameException {
        String user = session.user();
        return new Caller(Optional.of(user), storage.folderOf(user), storage.reservations(), quota);
    }

    /** The public folder, for callers without a token: reads only. */
    public Caller publicFiles() {
        return new Caller(Optional.empty(), storage.publicFiles(), storage.reservations(), quota);
    }
}
