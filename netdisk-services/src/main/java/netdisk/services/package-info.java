/**
 * The netdisk server and its client API, built on the UDP engine: {@code accounts} (users in an
 * Excel workbook, password hashes, sessions), {@code storage} (one folder per user, atomic
 * writes), {@code control} (the TCP control channel: length-prefixed JSON frames), {@code
 * transfer} (who may read and write what over UDP, resume, the TCP data path), {@code server}
 * (all of it in one process) and {@code client} (what the CLI calls).
 */
package netdisk.services;
