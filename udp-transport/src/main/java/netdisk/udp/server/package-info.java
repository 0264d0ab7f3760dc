/**
 * The TFTP server engine: a well-known port that takes requests, one new port (TID) and one
 * thread per transfer, a {@link netdisk.udp.server.RequestHandler} that decides what a request
 * may read or write, and {@link netdisk.udp.server.FolderGuard}, the one place where a name from
 * the network becomes a path inside a folder (used by the plain server's {@link
 * netdisk.udp.server.FileRoot} and by the netdisk server's folders alike).
 */
package netdisk.udp.server;
