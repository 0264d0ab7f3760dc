package netdisk.tools.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of a long-running process and everything it started, from /proc: user + system time of
 * the process and of its live descendants, plus the children they already reaped (cutime and
 * cstime). So a server that forks per transfer (tftpd-hpa) or works in a child (nginx's worker) is
 * counted whole.
 */
final class ProcessCpu {

    /** USER_HZ: the unit of /proc/PID/stat's times on Linux (100 on every architecture Java runs on). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {}

    /** Seconds of CPU used so far by {@code pid}'s tree, or 0 when it is gone. */
    static double seconds(long pid) {
        long ticks = 0;
        List<Long> tree = new ArrayList<>();
        tree.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> tree.add(d.pid())));
        for (long p : tree) {
            ticks += ticks(p);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime + cutime + cstime of one process (fields 14-17 of /proc/PID/stat). */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count from after it.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // exited meanwhile: its time is in its parent's cutime/cstime
        }
    }
}
