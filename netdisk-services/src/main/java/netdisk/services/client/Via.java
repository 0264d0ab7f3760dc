package netdisk.services.client;

/** Which data path a file travels: the TFTP-compatible UDP transport, or a TCP stream. */
public enum Via {
    UDP,
    TCP
}
