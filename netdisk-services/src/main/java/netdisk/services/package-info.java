/**
 * The netdisk server and its client API, built on the UDP engine: {@code accounts} (users in an
 * Excel workbook, password hashes, sessions), {@code storage} (one folder per user, atomic
 * writes), {@code control} (the TCP control channel: length-prefixed JSON frames, and the TCP
 * data path), {@code access} (the one way from a request to a file, for both data paths), {@code
 * tftp} (the netdisk server's TFTP request handling: who may read and write what over UDP,
 * resume), {@code server} (all of it in one process) and {@code client} (what
 * the CLI calls).
 */
package netdisk.services;
