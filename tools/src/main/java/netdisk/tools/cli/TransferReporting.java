package netdisk.tools.cli;

import java.io.PrintWriter;
import java.util.Locale;
import netdisk.services.client.StartedFrom;
import netdisk.services.client.TransferProgress;
import netdisk.services.client.TransferSummary;
import netdisk.tools.progress.ProgressDisplay;

/** The progress bar during a transfer and the one-line summary after it. */
final class TransferReporting {

    private TransferReporting() {}

    /** A progress bar on {@code err}, or nothing. Call {@link Bar#finish()} before printing anything else. */
    static Bar bar(boolean show, PrintWriter err, String label) {
        return new Bar(show ? new ProgressDisplay(err, label) : null);
    }

    /** {@code got a -> b: 40.0 MiB in 1.20 s (35.0 MB/s, udp), 3 retransmissions, 1 timeout; resumed from 12.0 MiB}. */
    static String summary(String verb, String from, String to, TransferSummary s) {
        StringBuilder line = new StringBuilder();
        line.append(verb).append(' ').append(from).append(" -> ").append(to).append(": ")
                .append(Units.bytes(s.size())).append(" in ").append(Units.duration(s.elapsed()))
                .append(" (").append(Units.rate(s.bytesPerSecond())).append(", ")
                .append(s.via().name().toLowerCase(Locale.ROOT)).append(')');
        if (s.via() == netdisk.services.client.Via.UDP) {
            line.append(", ").append(Units.count(s.retransmissions(), "retransmission")).append(", ")
                    .append(Units.count(s.timeouts(), "timeout"));
            if (s.peerResent() >= 0) {
                // Our own count is only our ACKs; what the server resent is the cost of the loss.
                line.append(", ").append(Units.count(s.peerResent(), "block")).append(" resent by the server");
            }
        }
        if (s.startedFrom() == StartedFrom.RESUMED) {
            line.append("; resumed from ").append(Units.bytes(s.resumedFrom()));
        }
        return line.toString();
    }

    /** Why a partial copy was not used, when it was not; {@code null} otherwise. */
    static String restartReason(StartedFrom from, String local) {
        return switch (from) {
            case RESTARTED_REMOTE_CHANGED -> "the partial copy of " + local
                    + " was of an older version of the remote file: started over from zero";
            case RESTARTED_PARTIAL_UNUSABLE -> "the partial copy of " + local
                    + " was unusable (its record or data is missing or damaged): started over from zero";
            case RESTARTED_NOT_CONFIRMED -> "the server did not confirm the resume: started over from zero";
            case RESTARTED_REMOTE_DIFFERS -> "what the server held of an earlier upload is not a prefix of " + local
                    + " (it changed since): started over from zero";
            case FRESH, RESUMED -> null;
        };
    }

    /** Adapts the client's progress callbacks to a {@link ProgressDisplay}. */
    static final class Bar implements TransferProgress {
        private final ProgressDisplay display;

        Bar(ProgressDisplay display) {
            this.display = display;
        }

        @Override
        public void started(long total, long startingAt) {
            if (display != null) {
                display.total(total);
                display.startFrom(startingAt);
                display.update(startingAt);
            }
        }

        @Override
        public void advanced(long done) {
            if (display != null) {
                display.update(done);
            }
        }

        void finish() {
            if (display != null) {
                display.finish();
            }
        }
    }
}
