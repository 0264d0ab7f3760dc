/**
 * The TFTP client engine: {@link netdisk.udp.client.TftpClient} gets and puts files against any
 * RFC 1350 server, asking for options ({@link netdisk.udp.client.TransferOptions}) and falling
 * back cleanly when a server ignores or refuses them.
 */
package netdisk.udp.client;
