import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a receiver pays per datagram: the JDK's DatagramChannel.receive (one recvfrom each, what
 * netdisk's engine does) against Linux's recvmmsg (up to 64 per system call, which the JDK does
 * not offer), through the FFM API. A sender thread blasts 1428-byte datagrams over loopback; the
 * receiver thread's CPU time per datagram received is printed for each way. The question it
 * answers for issue 9: how much of the per-datagram cost would batching remove?
 *
 * <p>Linux x86-64 or aarch64 only (struct layouts), JDK 22+ (FFM):
 * {@code java --enable-native-access=ALL-UNNAMED scripts/bench/ReceiveBatching.java [DATAGRAMS]}.
 * Traffic stays on 127.0.0.1; the loop is bounded by DATAGRAMS (default 2,000,000, at most 10^8).
 */
public class ReceiveBatching {

    private static final int SIZE = 1428;
    private static final int BATCH = 64;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** The sender's CPU per datagram sent (the engine's side of a download), from the last run. */
    private static volatile double senderMicros;

    public static void main(String[] args) throws Throwable {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        if (n < 1000 || n > 100_000_000) {
            throw new IllegalArgumentException("DATAGRAMS must be 1000..10^8: " + n);
        }
        for (int round = 0; round < 2; round++) { // the first round warms both up
            Result channel = viaChannel(n);
            double channelSender = senderMicros;
            Result batched = viaRecvmmsg(n);
            if (round == 1) {
                System.out.printf("DatagramChannel.write (the sender, connected): %.2f µs CPU per datagram%n",
                        channelSender);
                System.out.printf("DatagramChannel.receive: %,d datagrams, %.2f µs CPU each, %.0f MB/s%n",
                        channel.received, channel.microsPerDatagram(), channel.megabytesPerSecond());
                System.out.printf("recvmmsg (batches of %d): %,d datagrams, %.2f µs CPU each, %.0f MB/s, %.1f per call%n",
                        BATCH, batched.received, batched.microsPerDatagram(), batched.megabytesPerSecond(),
                        (double) batched.received / batched.calls);
            }
        }
    }

    record Result(long received, long cpuNanos, long wallNanos, long calls) {
        double microsPerDatagram() {
            return cpuNanos / 1e3 / received;
        }

        double megabytesPerSecond() {
            return received * (double) SIZE / (wallNanos / 1e9) / 1e6;
        }
    }

    /** Sends n datagrams to port, then end markers until told to stop. */
    private static Thread sender(int port, long n, AtomicBoolean done) {
        Thread t = new Thread(() -> {
            try (DatagramChannel out = DatagramChannel.open()) {
                out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                ByteBuffer data = ByteBuffer.allocateDirect(SIZE);
                long cpu0 = CPU.getCurrentThreadCpuTime();
                long sent = 0;
                for (long i = 0; i < n && !done.get(); i++) {
                    data.clear();
                    data.put(0, (byte) 'D');
                    out.write(data);
                    sent++;
                }
                senderMicros = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e3 / Math.max(1, sent);
                ByteBuffer end = ByteBuffer.allocateDirect(SIZE);
                end.put(0, (byte) 'E');
                while (!done.get()) {
                    end.clear();
                    out.write(end);
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.setDaemon(true);
        return t;
    }

    private static Result viaChannel(long n) throws Exception {
        try (DatagramChannel in = DatagramChannel.open()) {
            in.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            in.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            AtomicBoolean done = new AtomicBoolean();
            Thread sender = sender(((InetSocketAddress) in.getLocalAddress()).getPort(), n, done);
            ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
            long cpu0 = CPU.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            sender.start();
            long received = 0;
            long calls = 0;
            while (true) {
                buffer.clear();
                in.receive(buffer);
                calls++;
                if (buffer.get(0) == 'E') {
                    break;
                }
                received++;
            }
            Result r = new Result(received, CPU.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0, calls);
            done.set(true);
            sender.join();
            return r;
        }
    }

    // Linux, 64-bit: struct sockaddr_in is 16 bytes, struct iovec 16, struct msghdr 56, struct mmsghdr 64.
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int MSG_WAITFORONE = 0x10000;
    private static final long MSGHDR_IOV = 16;
    private static final long MSGHDR_IOVLEN = 24;
    private static final long MMSGHDR = 64;
    private static final long MMSG_LEN = 56;

    private static Result viaRecvmmsg(long n) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MethodHandle socket = linker.downcallHandle(libc.find("socket").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle bind = linker.downcallHandle(libc.find("bind").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle getsockname = linker.downcallHandle(libc.find("getsockname").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        MethodHandle setsockopt = linker.downcallHandle(libc.find("setsockopt").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle recvmmsg = linker.downcallHandle(libc.find("recvmmsg").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) socket.invokeExact(AF_INET, SOCK_DGRAM, 0);
            if (fd < 0) {
                throw new IllegalStateException("socket() failed");
            }
            try {
                MemorySegment size = arena.allocate(ValueLayout.JAVA_INT);
                size.set(ValueLayout.JAVA_INT, 0, 4 << 20);
                int ignored = (int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
                MemorySegment addr = arena.allocate(16);
                addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
                addr.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4, 0x7f000001);
                if ((int) bind.invokeExact(fd, addr, 16) != 0) {
                    throw new IllegalStateException("bind() failed");
                }
                MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
                len.set(ValueLayout.JAVA_INT, 0, 16);
                int got = (int) getsockname.invokeExact(fd, addr, len);
                int port = Short.toUnsignedInt(addr.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));

                MemorySegment buffers = arena.allocate((long) BATCH * 2048, 64);
                MemorySegment iovecs = arena.allocate(BATCH * 16L, 8);
                MemorySegment msgs = arena.allocate(BATCH * MMSGHDR, 8);
                for (int i = 0; i < BATCH; i++) {
                    MemorySegment iov = iovecs.asSlice(i * 16L, 16);
                    iov.set(ValueLayout.ADDRESS, 0, buffers.asSlice(i * 2048L, 2048));
                    iov.set(ValueLayout.JAVA_LONG, 8, 2048);
                    MemorySegment msg = msgs.asSlice(i * MMSGHDR, MMSGHDR);
                    msg.set(ValueLayout.ADDRESS, MSGHDR_IOV, iov);
                    msg.set(ValueLayout.JAVA_LONG, MSGHDR_IOVLEN, 1);
                }
                AtomicBoolean done = new AtomicBoolean();
                Thread sender = sender(port, n, done);
                long cpu0 = CPU.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                sender.start();
                long received = 0;
                long calls = 0;
                boolean end = false;
                while (!end) {
                    int count = (int) recvmmsg.invokeExact(fd, msgs, BATCH, MSG_WAITFORONE, MemorySegment.NULL);
                    calls++;
                    if (count < 0) {
                        throw new IllegalStateException("recvmmsg failed");
                    }
                    for (int i = 0; i < count; i++) {
                        if (buffers.get(ValueLayout.JAVA_BYTE, i * 2048L) == 'E') {
                            end = true;
                            break;
                        }
                        received++;
                    }
                }
                Result r = new Result(received, CPU.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0, calls);
                done.set(true);
                sender.join();
                return r;
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        }
    }
}
