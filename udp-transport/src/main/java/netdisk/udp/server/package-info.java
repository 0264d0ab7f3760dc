/**
 * The TFTP server engine: a well-known port that takes requests, one new port (TID) and one
 * thread per transfer, a {@link netdisk.udp.server.RequestHandler} that decides what a request
 * may read or write, and {@link netdisk.udp.server.FileRoot}, which keeps every name inside one
 * folder.
 */
package netdisk.udp.server;
