import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;

/**
 * Times RUNS one-block gets of FILE from a TFTP server on 127.0.0.1:PORT inside one warm JVM
 * (scripts/bench-start.sh runs it): java -cp tools/target/netdisk.jar OneBlockGet.java PORT RUNS FILE
 */
public class OneBlockGet {
    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int runs = Math.min(10_000, Integer.parseInt(args[1]));
        TftpClient client = new TftpClient();
        Path local = Files.createTempFile("one-block", ".bin");
        try {
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                Files.deleteIfExists(local);
                long start = System.nanoTime();
                client.get(server, args[2], local, TransferOptions.defaults());
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("one-block get, %d runs in one JVM: min %.2f ms, median %.2f ms, p90 %.2f ms%n", runs,
                    nanos[0] / 1e6, nanos[runs / 2] / 1e6, nanos[runs * 9 / 10] / 1e6);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
