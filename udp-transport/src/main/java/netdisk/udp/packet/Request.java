package netdisk.udp.packet;

/**
 * A read or write request (RFC 1350 §5, RFC 2347 §2):
 *
 * <pre>
 *  2 bytes     string    1 byte   string   1 byte   string   1 byte   string   1 byte
 * +--------+------------+------+---------+------+--------+------+--------+------+
 * | opcode |  filename  |  0   |  mode   |  0   |  opt1  |  0   | value1 |  0   | ...
 * +--------+------------+------+---------+------+--------+------+--------+------+
 * </pre>
 */
public sealed interface Request extends Packet permits ReadRequest, WriteRequest {

    /** The file name exactly as sent (UTF-8 decoded); the server decides what it may mean. */
    String filename();

    TransferMode mode();

    /** Options in the order the client sent them; empty for a plain RFC 1350 request. */
    TftpOptions options();
}
