package netdisk.udp.impair;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.packet.WriteRequest;
import org.junit.jupiter.api.Test;

class ClassificationTest {

    @Test
    void classifiesDataAndAckWithTheirWireBlockNumbers() {
        assertThat(Classification.of(Wire.data(65535))).isEqualTo(new Classification(DatagramKind.DATA, 65535));
        assertThat(Classification.of(Wire.data(0, 0))).isEqualTo(new Classification(DatagramKind.DATA, 0));
        assertThat(Classification.of(Wire.ack(0))).isEqualTo(new Classification(DatagramKind.ACK, 0));
    }

    @Test
    void classifiesRequestsOackAndErrorWithoutABlock() {
        byte[] rrq = PacketCodec.toBytes(new ReadRequest("a.bin", TransferMode.OCTET, TftpOptions.NONE));
        byte[] wrq = PacketCodec.toBytes(new WriteRequest("a.bin", TransferMode.OCTET, TftpOptions.NONE));

        assertThat(Classification.of(rrq).kind()).isEqualTo(DatagramKind.RRQ);
        assertThat(Classification.of(wrq).kind()).isEqualTo(DatagramKind.WRQ);
        assertThat(Classification.of(Wire.oack())).isEqualTo(new Classification(DatagramKind.OACK, Classification.NO_BLOCK));
        assertThat(Classification.of(Wire.error())).isEqualTo(new Classification(DatagramKind.ERROR, Classification.NO_BLOCK));
    }

    @Test
    void classifiesWhatTheCodecRefusesAsMalformed() {
        byte[][] refused = {
            {},
            {0},
            {0, 9, 0, 1},        // opcode 9
            {0, 4, 0, 1, 0},     // ACK with a trailing byte
            {0, 3, 7},           // DATA without a whole block number
            {0, 5, 0, 1, 'x'},   // ERROR message without its NUL
        };
        for (byte[] datagram : refused) {
            assertThat(Classification.of(datagram).kind()).isEqualTo(DatagramKind.MALFORMED);
        }
    }

    @Test
    void leavesTheBufferPositionAlone() {
        ByteBuffer buffer = ByteBuffer.wrap(Wire.ack(9));
        Classification.of(buffer);
        assertThat(buffer.position()).isZero();
    }

    @Test
    void readsLikeTheWire() {
        assertThat(Classification.of(Wire.data(7))).hasToString("DATA 7");
        assertThat(Classification.of(Wire.oack())).hasToString("OACK");
    }
}
