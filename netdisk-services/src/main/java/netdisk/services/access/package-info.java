/**
 * The one way from a request to a file, for both data paths (TFTP over UDP and the TCP data
 * path): authenticate the token, take that user's folder (or the public one), check the name,
 * weigh the disk and the quota, open. {@link netdisk.services.access.FileAccess} is where a
 * transport starts; each transport only words the failures in its own protocol.
 */
package netdisk.services.access;
