/**
 * netdisk's own wire formats, shared by server and client. The control channel: length-prefixed JSON frames
 * ({@link netdisk.services.wire.FrameCodec}, {@link netdisk.services.wire.FrameReader},
 * {@link netdisk.services.wire.FrameWriter}), the messages they carry
 * ({@link netdisk.services.wire.Request}, {@link netdisk.services.wire.Response},
 * {@link netdisk.services.wire.MessageCodec}) and the error codes
 * ({@link netdisk.services.wire.ErrorCode}); the raw bytes of its TCP data path
 * ({@link netdisk.services.wire.DataPath}). And the names of netdisk's TFTP extension options
 * ({@link netdisk.services.wire.ExtensionOptions}), which udp-transport carries without knowing.
 * No sockets and no accounts here: spec/control.md and spec/protocol.md are the contract, and
 * their vectors are checked by {@code ControlVectorsTest} and udp-transport's vector tests.
 */
package netdisk.services.wire;
