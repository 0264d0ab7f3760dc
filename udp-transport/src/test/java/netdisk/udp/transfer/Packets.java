package netdisk.udp.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.Packet;

/** Shorthands for the state machine tests: expected packets, file contents, times. */
final class Packets {

    /** A fake clock's start: any value works, the machines only subtract. */
    static final long T0 = 5_000_000_000L;

    private Packets() {}

    static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    static long ms(double millis) {
        return Math.round(millis * 1_000_000);
    }

    /** A file of {@code size} bytes whose every byte depends on its offset. */
    static byte[] file(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 8));
        }
        return bytes;
    }

    /** DATA {@code block} (a 64-bit count, sent as its wire number) as cut from {@code file}. */
    static Data data(byte[] file, long block, int blockSize) {
        long from = (block - 1) * blockSize;
        int to = (int) Math.min(file.length, from + blockSize);
        return Data.of(BlockNumbers.toWire(block), Arrays.copyOfRange(file, (int) from, to));
    }

    /** DATA blocks {@code from..to} of {@code file}. */
    static Packet[] blocks(byte[] file, long from, long to, int blockSize) {
        Packet[] out = new Packet[(int) (to - from + 1)];
        for (long b = from; b <= to; b++) {
            out[(int) (b - from)] = data(file, b, blockSize);
        }
        return out;
    }

    static TransferParameters parameters(int blockSize, int windowSize) {
        return new TransferParameters(blockSize, windowSize, Optional.empty(), -1);
    }

    static Reaction.Continue continuing(Reaction reaction) {
        assertThat(reaction).isInstanceOf(Reaction.Continue.class);
        return (Reaction.Continue) reaction;
    }

    /** Asserts a failure that sends exactly one ERROR with {@code code}, and returns the failure. */
    static TransferFailure failedWith(Reaction reaction, ErrorCode code, TransferFailure.Kind kind) {
        assertThat(reaction).isInstanceOf(Reaction.Failed.class);
        Reaction.Failed failed = (Reaction.Failed) reaction;
        assertThat(failed.send()).singleElement().isInstanceOfSatisfying(ErrorPacket.class,
                e -> assertThat(e.code()).isEqualTo(code.code()));
        assertThat(failed.failure().kind()).isEqualTo(kind);
        assertThat(failed.failure().code()).isEqualTo(code.code());
        return failed.failure();
    }
}
