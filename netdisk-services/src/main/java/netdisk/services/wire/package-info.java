/**
 * The control channel's wire format, shared by server and client: length-prefixed JSON frames
 * ({@link netdisk.services.wire.FrameCodec}, {@link netdisk.services.wire.FrameReader},
 * {@link netdisk.services.wire.FrameWriter}), the messages they carry
 * ({@link netdisk.services.wire.Request}, {@link netdisk.services.wire.Response},
 * {@link netdisk.services.wire.MessageCodec}) and the error codes
 * ({@link netdisk.services.wire.ErrorCode}). No sockets and no accounts here: spec/control.md is
 * the contract, and its vectors are checked by {@code ControlVectorsTest}.
 */
package netdisk.services.wire;
