package netdisk.tools.lab;

/**
 * One transfer of a case on a link setting.
 *
 * @param completed the client exited 0 within the run's time limit
 * @param bitExact the file that arrived has the original's SHA-256 (false when it did not arrive)
 * @param seconds wall time of the whole client process, start to exit
 * @param clientCpuSeconds CPU time of the client process (user + system), NaN when it was killed
 * @param serverCpuSeconds CPU time of the server's process tree during the run
 * @param wire what both kernels counted on the link during the run
 * @param retransmissions packets netdisk sent again, client and server together, as their own
 *     summaries say; -1 when the case has no such summary
 * @param timeouts netdisk's retransmission timer expiries, both sides; -1 likewise
 * @param error how a failed run ended (the client's last words, or the time limit); null when completed
 * @param bytesArrived bytes of the file that had arrived when a failed run ended; -1 when unknown
 * @param transferMegabytesPerSecond the rate netdisk's client reports for the transfer itself, from
 *     its first request to the verified file (no JVM start, login or session set-up); NaN for
 *     other clients
 */
public record RunResult(boolean completed, boolean bitExact, double seconds, double clientCpuSeconds,
        double serverCpuSeconds, WireCount wire, long retransmissions, long timeouts, String error, long bytesArrived,
        double transferMegabytesPerSecond) {

    /** Goodput in MB/s (10^6 bytes per second) of a file of {@code size} bytes. */
    public double megabytesPerSecond(long size) {
        return seconds > 0 ? size / seconds / 1e6 : 0;
    }

    /** Completed and bit-exact: the only runs whose speed counts. */
    public boolean good() {
        return completed && bitExact;
    }
}
