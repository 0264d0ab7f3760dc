/**
 * The TFTP server engine: a well-known port that takes requests, one new port (TID) per transfer,
 * served by a few event-driven reactor threads ({@link netdisk.udp.io.TransferReactors}, one per
 * core up to 16; {@code reactors(0)} gives each transfer a thread of its own), a {@link
 * netdisk.udp.server.RequestHandler} that decides what a request
 * may read or write, and {@link netdisk.udp.server.FolderGuard}, the one place where a name from
 * the network becomes a path inside a folder (used by the plain server's {@link
 * netdisk.udp.server.FileRoot} and by the netdisk server's folders alike).
 */
package netdisk.udp.server;
