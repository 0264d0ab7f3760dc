/**
 * Option negotiation (RFC 2347): what a server grants for a request's options, what a client
 * accepts in an OACK, and the {@link netdisk.udp.options.TransferParameters} in force afterwards.
 * Pure functions; the codec has already checked each known option's syntax.
 */
package netdisk.udp.options;
