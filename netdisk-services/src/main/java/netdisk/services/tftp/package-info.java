/**
 * The netdisk server's TFTP request handling: what a read or write request over UDP may reach
 * (a session token's folder, or the public one), the resume option, and the sources and sinks
 * handed to the engine. Named for what it does; the transfers themselves are the engine's
 * ({@code netdisk.udp.transfer}, {@code netdisk.udp.server}).
 */
package netdisk.services.tftp;
