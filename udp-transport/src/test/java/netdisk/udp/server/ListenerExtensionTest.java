package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The well-known port's hook for another protocol: asked first, held to "no bigger than the question". */
class ListenerExtensionTest {

    /** Claims datagrams starting with 0x4E3F and answers each with {@code answerSize} bytes of 0x4E21... */
    private static final class Echo implements ListenerExtension {
        final AtomicInteger asked = new AtomicInteger();
        volatile int answerSize;
        volatile InetSocketAddress seenListener;

        Echo(int answerSize) {
            this.answerSize = answerSize;
        }

        @Override
        public boolean claims(ByteBuffer datagram) {
            return datagram.remaining() >= 2 && datagram.getShort(datagram.position()) == 0x4E3F;
        }

        @Override
        public Optional<ByteBuffer> answer(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress listener) {
            asked.incrementAndGet();
            seenListener = listener;
            byte[] answer = new byte[answerSize];
            answer[0] = 0x4E;
            answer[1] = 0x21;
            return Optional.of(ByteBuffer.wrap(answer));
        }
    }

    @TempDir
    Path dir;

    private static byte[] question(int size) {
        byte[] q = new byte[size];
        q[0] = 0x4E;
        q[1] = 0x3F;
        return q;
    }

    /** What comes back to one datagram within 300 ms, or null. */
    private static byte[] exchange(DatagramSocket socket, InetSocketAddress server, byte[] datagram) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, server));
        byte[] buffer = new byte[2048];
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(in);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buffer, in.getLength());
    }

    @Test
    void aClaimedDatagramGetsTheExtensionsAnswerAndTftpIsStillServed() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.write(root.resolve("f.bin"), new byte[5000]);
        Echo echo = new Echo(64);
        ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(root), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).extension(echo).build();
        try (TftpServer server = TftpServer.start(config);
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(300);
            byte[] answer = exchange(socket, server.localAddress(), question(512));
            assertThat(answer).hasSize(64).startsWith(0x4E, 0x21);
            assertThat(echo.seenListener).isEqualTo(server.localAddress());

            // A datagram it does not claim is TFTP's: a stray ACK at the request port gets ERROR 5.
            byte[] error = exchange(socket, server.localAddress(), new byte[] {0, 4, 0, 1});
            assertThat(error).startsWith(0, 5, 0, 5);

            new TftpClient().get(server.localAddress(), "f.bin", dir.resolve("copy"), TransferOptions.defaults());
            assertThat(Files.size(dir.resolve("copy"))).isEqualTo(5000);
        }
    }

    @Test
    void anAnswerLargerThanTheQuestionIsNotSentAndNoTftpErrorEither() throws Exception {
        Echo echo = new Echo(100);
        ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(dir), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).extension(echo).build();
        try (TftpServer server = TftpServer.start(config);
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(300);
            assertThat(exchange(socket, server.localAddress(), question(99))).as("99 bytes asked, 100 to answer").isNull();
            assertThat(echo.asked).hasValue(1);
            assertThat(exchange(socket, server.localAddress(), question(100))).hasSize(100);
        }
    }

    @Test
    void withoutAnExtensionTheSameDatagramIsAnUnknownOpcodeToTftp() throws Exception {
        ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(dir), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        try (TftpServer server = TftpServer.start(config);
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(300);
            assertThat(exchange(socket, server.localAddress(), question(32))).startsWith(0, 5, 0, 4);
        }
    }
}
